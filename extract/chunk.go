package extract

import (
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// Chunk is a range of a table's chunking key: Lower inclusive (exclusive
// when After is set), Upper exclusive, nil meaning unbounded on that side.
// A chunk with no key covers the whole table in one scan.
type Chunk struct {
	Table *schema.Table
	Index string  // index the range walks; "" for a full scan
	Key   []Bound // key columns, in index order
	Seq   int     // position within the table, from 0
	Lower []any   // inclusive lower bound, one value per key column; nil: from the start
	Upper []any   // exclusive upper bound; nil: to the end
	After bool    // Lower itself is excluded: the rest of a chunk after the last row read
}

// Rest is what remains of c after the row whose key is last was read: the
// same chunk, starting just after last. A chunk whose connection was lost
// mid-way resumes with it, so no row is read twice.
func (c Chunk) Rest(last []any) Chunk {
	c.Lower, c.After = last, true
	return c
}

// On returns the same key range on another copy of the table, read through
// the index of that copy named index ("" for no index hint): verify applies
// the source's chunks to the target.
func (c Chunk) On(t *schema.Table, index string) Chunk {
	c.Table = t
	if c.Index != "" {
		c.Index = index
	}
	return c
}

// Bound is a key column with the SQL placeholder its values bind to. Most
// columns bind a plain "?"; DECIMAL binds CAST(? AS DECIMAL(p,s)) so a
// boundary compares exactly instead of as a double.
type Bound struct {
	Column      string
	Placeholder string
}

// Where renders the chunk's predicate with placeholders. Composite keys use
// the row-comparison expansion, which both MySQL and MariaDB turn into index
// ranges:
//
//	(a, b) >= (?, ?)  →  ((`a` > ?) OR (`a` = ? AND `b` >= ?))
//	(a, b) <  (?, ?)  →  ((`a` < ?) OR (`a` = ? AND `b` < ?))
//
// A chunk without bounds returns "" and no arguments.
func (c Chunk) Where() (string, []any) {
	var parts []string
	var args []any
	if c.Lower != nil {
		lowest := ">="
		if c.After {
			lowest = ">"
		}
		p, a := compare(c.Key, c.Lower, ">", lowest)
		parts, args = append(parts, p), append(args, a...)
	}
	if c.Upper != nil {
		p, a := compare(c.Key, c.Upper, "<", "<")
		parts, args = append(parts, p), append(args, a...)
	}
	return strings.Join(parts, " AND "), args
}

// compare expands (k1..kn) OP (v1..vn): strict is the operator on every
// column but the last, last the one on the last column.
func compare(key []Bound, vals []any, strict, last string) (string, []any) {
	if len(key) == 1 {
		return schema.QuoteIdent(key[0].Column) + " " + last + " " + key[0].Placeholder, []any{vals[0]}
	}
	var ors []string
	var args []any
	for i := range key {
		var ands []string
		for j := 0; j < i; j++ {
			ands = append(ands, schema.QuoteIdent(key[j].Column)+" = "+key[j].Placeholder)
			args = append(args, vals[j])
		}
		op := strict
		if i == len(key)-1 {
			op = last
		}
		ands = append(ands, schema.QuoteIdent(key[i].Column)+" "+op+" "+key[i].Placeholder)
		args = append(args, vals[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// String shows the chunk as a half-open range: "#3 [1000, 2000)", or
// "#3 (1500, 2000)" for the rest of it after key 1500.
func (c Chunk) String() string {
	if c.Key == nil {
		return fmt.Sprintf("#%d (full scan)", c.Seq)
	}
	open := "["
	if c.After && c.Lower != nil {
		open = "("
	}
	return fmt.Sprintf("#%d %s%s, %s)", c.Seq, open, showBound(c.Lower, "-inf"), showBound(c.Upper, "+inf"))
}

func showBound(vals []any, none string) string {
	if vals == nil {
		return none
	}
	s := make([]string, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case []byte:
			s[i] = fmt.Sprintf("0x%x", v)
		default:
			s[i] = fmt.Sprint(v)
		}
	}
	if len(s) == 1 {
		return s[0]
	}
	return "(" + strings.Join(s, ", ") + ")"
}
