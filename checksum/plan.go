package checksum

import (
	"errors"
	"fmt"
	"math"

	"github.com/parity-db/parity/schema"
)

// Side says which server a batch came from.
type Side int

const (
	Source Side = iota // the server being verified against
	Target             // the server that should hold the same rows
)

func (s Side) String() string {
	switch s {
	case Source:
		return "source"
	case Target:
		return "target"
	}
	return fmt.Sprintf("Side(%d)", int(s))
}

// Options tune how values compare.
type Options struct {
	// Strict turns off type-widening tolerance: a column whose type differs
	// between the sides never compares equal unless both values are NULL.
	Strict bool
	// FloatTolerance, when above 0, lets FLOAT and DOUBLE values that are at
	// most this far apart count as equal; 0 compares them exactly.
	FloatTolerance float64
	// MaxValueBytes truncates display values (Values, ColumnDiff); 0 means
	// 64, below 0 means no truncation.
	MaxValueBytes int
}

const defaultMaxValueBytes = 64

// Plan is how the rows of one table pair are compared: which columns, in
// which canonical form, matched by which key. It is immutable and safe for
// concurrent use; Encoders made from it are not.
type Plan struct {
	cols    []planColumn
	key     []planColumn
	opts    Options
	maxText int // display truncation; -1 for none
}

// planColumn is one column as both sides have it.
type planColumn struct {
	name  string
	sides [2]schema.Column
	class class
	tags  [2]string // strict mode, differing types: each side's type name
	tol   float64   // float classes only
}

// NewPlan decides the canonical form of every compared column from its type
// on both sides. cols are the compared column names in source order; key
// names the unique key that matches rows, empty for a keyless table.
func NewPlan(src, tgt *schema.Table, cols, key []string, o Options) (*Plan, error) {
	if src == nil || tgt == nil {
		return nil, errors.New("checksum plan: nil table")
	}
	if o.FloatTolerance < 0 || math.IsNaN(o.FloatTolerance) || math.IsInf(o.FloatTolerance, 0) {
		return nil, fmt.Errorf("checksum plan for %s: float tolerance %v must be a finite number >= 0", src, o.FloatTolerance)
	}
	p := &Plan{opts: o, maxText: o.MaxValueBytes}
	switch {
	case o.MaxValueBytes == 0:
		p.maxText = defaultMaxValueBytes
	case o.MaxValueBytes < 0:
		p.maxText = -1
	}
	var err error
	if p.cols, err = planColumns(src, tgt, cols, o); err != nil {
		return nil, fmt.Errorf("checksum plan for %s: %w", src, err)
	}
	if p.key, err = planColumns(src, tgt, key, o); err != nil {
		return nil, fmt.Errorf("checksum plan for %s: key: %w", src, err)
	}
	return p, nil
}

func planColumns(src, tgt *schema.Table, names []string, o Options) ([]planColumn, error) {
	out := make([]planColumn, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		s, t := src.Column(n), tgt.Column(n)
		switch {
		case s == nil:
			return nil, fmt.Errorf("column %s is not in source table %s", n, src)
		case t == nil:
			return nil, fmt.Errorf("column %s is not in target table %s", n, tgt)
		case seen[s.Name]:
			return nil, fmt.Errorf("column %s listed twice", n)
		}
		seen[s.Name] = true
		pc := planColumn{
			name:  n,
			sides: [2]schema.Column{*s, *t},
			class: classOf(familyOf(*s), familyOf(*t), o.Strict),
		}
		if o.Strict && !sameType(*s, *t) {
			pc.tags = [2]string{typeTag(*s), typeTag(*t)}
		}
		if pc.class.isFloat() {
			pc.tol = o.FloatTolerance
		}
		out = append(out, pc)
	}
	return out, nil
}

// Columns lists the compared column names in plan order.
func (p *Plan) Columns() []string { return names(p.cols) }

// Key lists the key column names; empty for a keyless table.
func (p *Plan) Key() []string { return names(p.key) }

// Keyless reports whether rows are compared as multisets, without a key.
func (p *Plan) Keyless() bool { return len(p.key) == 0 }

func names(cs []planColumn) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// Tolerant reports whether some compared column has a float tolerance: row
// hashes of such rows may differ while the rows are equal within it, so a
// differing hash is only a candidate that CompareRows decides.
func (p *Plan) Tolerant() bool {
	for _, c := range p.cols {
		if c.tol > 0 {
			return true
		}
	}
	return false
}
