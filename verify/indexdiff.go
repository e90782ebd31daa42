package verify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parity-db/parity/schema"
)

// compareKeys compares the primary key, unique keys (which decide what rows
// a table accepts) and secondary indexes (which only change speed).
func compareKeys(s, t *schema.Table) []Finding {
	var sp, tp, su, tu, ss, ts []schema.Index
	split := func(ixs []schema.Index, p, u, o *[]schema.Index) {
		for _, ix := range ixs {
			switch {
			case ix.Primary:
				*p = append(*p, ix)
			case ix.Unique:
				*u = append(*u, ix)
			default:
				*o = append(*o, ix)
			}
		}
	}
	split(s.Indexes, &sp, &su, &ss)
	split(t.Indexes, &tp, &tu, &ts)
	fs := compareIndexes(sp, tp, s, "primary_key", "primary key", Difference)
	fs = append(fs, compareIndexes(su, tu, s, "unique_key", "unique key", Difference)...)
	return append(fs, compareIndexes(ss, ts, s, "index", "index", Notice)...)
}

// compareIndexes pairs indexes by their columns first (a renamed index is the
// same index), then by name (an index whose columns changed).
func compareIndexes(si, ti []schema.Index, src *schema.Table, kind, noun string, sev Severity) []Finding {
	var fs []Finding
	sUsed, tUsed := make([]bool, len(si)), make([]bool, len(ti))
	pair := func(match func(a, b schema.Index) bool, found func(a, b schema.Index)) {
		for i, a := range si {
			for j, b := range ti {
				if !sUsed[i] && !tUsed[j] && match(a, b) {
					sUsed[i], tUsed[j] = true, true
					found(a, b)
				}
			}
		}
	}
	pair(func(a, b schema.Index) bool { return sameColumns(a.Columns, b.Columns) }, func(a, b schema.Index) {
		if a.Invisible != b.Invisible {
			fs = append(fs, Finding{Severity: Notice, Kind: "index", Source: visibility(a), Target: visibility(b),
				Message: fmt.Sprintf("%s %s is %s on source, %s on target", noun, a.Name, visibility(a), visibility(b))})
		}
	})
	pair(func(a, b schema.Index) bool { return strings.EqualFold(a.Name, b.Name) }, func(a, b schema.Index) {
		fs = append(fs, Finding{Severity: sev, Kind: kind, Source: showIndex(a, src), Target: showIndex(b, src),
			Message: fmt.Sprintf("%s %s: %s on source, %s on target", noun, a.Name, showColumns(a, src), showColumns(b, src))})
	})
	for i, a := range si {
		if !sUsed[i] {
			fs = append(fs, Finding{Severity: sev, Kind: kind, Source: showIndex(a, src),
				Message: fmt.Sprintf("%s %s is missing on target", noun, showIndex(a, src))})
		}
	}
	for j, b := range ti {
		if !tUsed[j] {
			fs = append(fs, Finding{Severity: sev, Kind: kind, Target: showIndex(b, src),
				Message: fmt.Sprintf("%s %s exists on target only", noun, showIndex(b, src))})
		}
	}
	return fs
}

func sameColumns(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}

func visibility(ix schema.Index) string {
	if ix.Invisible {
		return "invisible"
	}
	return "visible"
}

func showIndex(ix schema.Index, src *schema.Table) string {
	return ix.Name + " " + showColumns(ix, src)
}

// showColumns lists an index's columns in the source's spelling.
func showColumns(ix schema.Index, src *schema.Table) string {
	names := make([]string, len(ix.Columns))
	for i, n := range ix.Columns {
		switch c := src.Column(n); {
		case n == "":
			names[i] = "(expression)"
		case c != nil:
			names[i] = c.Name
		default:
			names[i] = n
		}
	}
	return "(" + strings.Join(names, ", ") + ")"
}
