package verify

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parity-db/parity/schema"
)

// fixInfo is what writing fix SQL for one table pair needs to know of the
// target: the table as fix statements name it, and per compared column
// what the target accepts.
type fixInfo struct {
	table        FixTable
	cols         []fixColumn // in plan column order
	hasGenerated bool        // some compared column is generated on the target
}

type fixColumn struct {
	target  schema.Column
	members []string // ENUM: the target's members
}

// Why a difference is left out of the fix SQL, by class; the file's
// comment adds the row's particulars.
const (
	fixWhyCollation = "the target's key collation calls this key equal to another that the source also holds, and the target cannot hold both"
	fixWhyGenerated = "only columns the target generates differ: its generation expression gives other values than the source's"
	fixWhyNotNull   = "the source holds NULL where the target's column is NOT NULL"
	fixWhyPacket    = "a value is larger than the target's max_allowed_packet, which bounds any statement that writes it"
	fixWhyEnum      = "a value is not one of the target ENUM's members"
	fixWhyLength    = "a value is longer than the target's column holds"
)

// fixTable describes tr's target for fix statements.
func (v *verifier) fixTable(tr *tableRun) fixInfo {
	p := tr.pair
	f := fixInfo{table: FixTable{
		Table:   p.Target.QuotedName(),
		Name:    p.Target.String(),
		Columns: tr.plan.Columns(),
		Key:     tr.plan.Key(),
		Target:  p.Target,
		Flavor:  v.tgt.Server.Flavor,
	}}
	if v.maxPacket > 0 {
		f.table.MaxStatement = int(min(int64(fixMaxStatement), max(4<<10, v.maxPacket-64<<10)))
	}
	if len(f.table.Key) > 0 {
		_, unique, ok := matchingIndex(p.Target, f.table.Key)
		f.table.ResetKeys = ok && !unique || !ok && !hasUniqueOn(p.Target, f.table.Key)
	}
	for _, name := range f.table.Columns {
		tc := *p.Target.Column(name)
		fc := fixColumn{target: tc}
		if tc.Kind() == schema.Enum {
			if ct, err := schema.ParseColumnType(tc.ColumnType); err == nil {
				fc.members = ct.Members
			}
		}
		f.hasGenerated = f.hasGenerated || tc.Generated
		f.cols = append(f.cols, fc)
	}
	f.table = f.table.Prepared()
	return f
}

// hasUniqueOn reports whether some unique index of t covers exactly cols.
func hasUniqueOn(t *schema.Table, cols []string) bool {
	for _, ix := range t.Indexes {
		if (ix.Primary || ix.Unique) && len(ix.Columns) == len(cols) && allIn(ix.Columns, cols) {
			return true
		}
	}
	return false
}

// fixFor builds the fix statement for one row difference: the source row r
// for a missing or changed row, the target row r for an extra row of a
// keyless table. A row the target cannot take is Unfixable, with the
// reason; a value only a relaxed sql_mode writes makes it Relaxed.
func (v *verifier) fixFor(tr *tableRun, kind string, r rowRef, changed []string, conflict map[string]string) FixStatement {
	s := FixStatement{Kind: kind, Values: r.enc.Literals(r.rec, r.row), Changed: changed}
	if !tr.plan.Keyless() {
		s.KeyValues = r.enc.KeyLiterals(r.rec, r.row)
	}
	if kind == Extra {
		return s
	}
	if len(conflict) > 0 && kind == Missing {
		if detail, ok := conflict[string(r.enc.AppendKey(nil, r.rec, r.row))]; ok {
			s.Unfixable, s.Detail = fixWhyCollation, detail
			return s
		}
	}
	if kind == Changed && len(changed) > 0 && tr.fix.hasGenerated {
		generated := true
		for _, c := range changed {
			if tc := tr.pair.Target.Column(c); tc == nil || !tc.Generated {
				generated = false
			}
		}
		if generated {
			s.Unfixable, s.Detail = fixWhyGenerated, strings.Join(changed, ", ")
			return s
		}
	}
	for i, c := range r.enc.Cells(r.rec, r.row) {
		fc := tr.fix.cols[i]
		tc := fc.target
		if tc.Generated {
			continue
		}
		switch {
		case c.Null && !tc.Nullable:
			s.Unfixable, s.Detail = fixWhyNotNull, tc.Name
		case c.Null:
		case v.maxPacket > 0 && int64(c.Bytes) > v.maxPacket:
			s.Unfixable, s.Detail = fixWhyPacket, fmt.Sprintf("column %s: %d bytes, max_allowed_packet %d", tc.Name, c.Bytes, v.maxPacket)
		case tc.Kind() == schema.Enum:
			if !enumHolds(fc.members, c.Text, tc.Collation) {
				if c.Text == "" {
					s.Relaxed = true // the error value: only a non-strict INSERT writes it
				} else {
					s.Unfixable, s.Detail = fixWhyEnum, fmt.Sprintf("column %s: %q", tc.Name, c.Text)
				}
			}
		case tc.IsText() && tc.MaxLength > 0 && tc.Kind() != schema.JSON && int64(utf8.RuneCountInString(c.Text)) > tc.MaxLength:
			s.Unfixable, s.Detail = fixWhyLength, fmt.Sprintf("column %s: %d characters, the target's %s holds %d",
				tc.Name, utf8.RuneCountInString(c.Text), tc.ColumnType, tc.MaxLength)
		case !tc.IsText() && tc.MaxLength > 0 && int64(c.Bytes) > tc.MaxLength && isBytes(tc):
			s.Unfixable, s.Detail = fixWhyLength, fmt.Sprintf("column %s: %d bytes, the target's %s holds %d",
				tc.Name, c.Bytes, tc.ColumnType, tc.MaxLength)
		}
		if s.Unfixable != "" {
			return s
		}
	}
	return s
}

// enumHolds reports whether an ENUM with these members accepts v, which
// compares under the column's collation: case-insensitively under _ci.
func enumHolds(members []string, v, collation string) bool {
	ci := strings.HasSuffix(collation, "_ci")
	for _, m := range members {
		if m == v || ci && strings.EqualFold(m, v) {
			return true
		}
	}
	return false
}

func isBytes(c schema.Column) bool {
	switch c.DataType {
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "char", "varchar":
		return true
	}
	return false
}
