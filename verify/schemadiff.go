package verify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/parity-db/parity/schema"
)

// Severity says whether a finding fails verify.
type Severity string

const (
	// Difference makes verify exit 1: the target does not, or cannot, hold
	// what the source holds, or accepts and rejects different rows.
	Difference Severity = "difference"
	// Notice is reported but does not fail: a change migrations make on
	// purpose, such as a wider type, utf8mb4 or InnoDB.
	Notice Severity = "notice"
)

// Finding is one way a table's definition differs between the clusters.
// Kind is one of missing_table, extra_table, table_name, missing_column,
// extra_column, column_type, charset, collation, nullable, default,
// on_update, auto_increment, generated, column_order, primary_key,
// unique_key, index, engine, row_format.
type Finding struct {
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"`
	Table    string   `json:"table"` // source db.table; the target's name for an extra table
	Column   string   `json:"column,omitempty"`
	Source   string   `json:"source,omitempty"` // the source's value, as a person reads it
	Target   string   `json:"target,omitempty"`
	Message  string   `json:"message"`
}

// TablePair is a table present on both clusters: what the data comparison
// works on.
type TablePair struct {
	Source, Target *schema.Table
	Columns        []string // columns on both sides, in source order and spelling
}

// SchemaReport is the outcome of CompareSchemas.
type SchemaReport struct {
	Pairs    []TablePair // sorted by source name
	Findings []Finding   // sorted by table, column, kind
}

// Differences counts the findings that fail verify.
func (r SchemaReport) Differences() int { return differences(r.Findings) }

// CompareSchemas pairs each source table with its target (through m) and
// compares their definitions. With strict, every notice counts as a
// difference (a display width alone is never reported).
//
// A source table whose target name is missing is paired with a target table
// whose name differs only in letter case, if exactly one does (a server with
// lower_case_table_names=1), and a notice says so.
func CompareSchemas(src, tgt []*schema.Table, m Mapping, strict bool) SchemaReport {
	var r SchemaReport
	sources := slices.Clone(src)
	slices.SortFunc(sources, func(a, b *schema.Table) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Name, b.Name))
	})
	byName := map[schema.Ref]*schema.Table{}
	byFoldedName := map[schema.Ref][]*schema.Table{}
	for _, t := range tgt {
		byName[tableRef(t)] = t
		byFoldedName[foldRef(tableRef(t))] = append(byFoldedName[foldRef(tableRef(t))], t)
	}
	paired := map[*schema.Table]*schema.Table{} // source -> target
	used := map[*schema.Table]bool{}
	for _, s := range sources {
		if t := byName[m.Target(tableRef(s))]; t != nil {
			paired[s], used[t] = t, true
		}
	}
	for _, s := range sources {
		if paired[s] != nil {
			continue
		}
		want := m.Target(tableRef(s))
		if c := byFoldedName[foldRef(want)]; len(c) == 1 && !used[c[0]] {
			paired[s], used[c[0]] = c[0], true
			r.Findings = append(r.Findings, Finding{Severity: Notice, Kind: "table_name", Table: s.String(),
				Source: want.String(), Target: c[0].String(),
				Message: fmt.Sprintf("table %s is %s on target (letter case differs)", s, c[0])})
			continue
		}
		r.Findings = append(r.Findings, Finding{Severity: Difference, Kind: "missing_table", Table: s.String(),
			Source: s.String(), Message: fmt.Sprintf("table %s is missing on target (looked for %s)", s, want)})
	}
	for _, s := range sources {
		t := paired[s]
		if t == nil {
			continue
		}
		cols, fs := compareTable(s, t)
		r.Pairs = append(r.Pairs, TablePair{Source: s, Target: t, Columns: cols})
		for _, f := range fs {
			f.Table = s.String()
			r.Findings = append(r.Findings, f)
		}
	}
	for _, t := range tgt {
		if used[t] {
			continue
		}
		msg := fmt.Sprintf("table %s exists on target only", t)
		if from, ok := m.Source(tableRef(t)); ok && from != tableRef(t) {
			msg += fmt.Sprintf(" (no source table %s)", from)
		}
		r.Findings = append(r.Findings, Finding{Severity: Difference, Kind: "extra_table", Table: t.String(),
			Target: t.String(), Message: msg})
	}
	if strict {
		for i := range r.Findings {
			r.Findings[i].Severity = Difference
		}
	}
	slices.SortFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Message, b.Message))
	})
	return r
}

func tableRef(t *schema.Table) schema.Ref { return schema.Ref{Schema: t.Schema, Name: t.Name} }

func foldRef(r schema.Ref) schema.Ref {
	return schema.Ref{Schema: strings.ToLower(r.Schema), Name: strings.ToLower(r.Name)}
}

// compareTable compares one pair; the findings have no Table yet.
func compareTable(s, t *schema.Table) (cols []string, fs []Finding) {
	fs = append(fs, compareStorage(s, t)...)
	for _, sc := range s.Columns {
		tc := t.Column(sc.Name)
		if tc == nil {
			fs = append(fs, Finding{Severity: Difference, Kind: "missing_column", Column: sc.Name, Source: sc.ColumnType,
				Message: fmt.Sprintf("column %s %s is missing on target", sc.Name, sc.ColumnType)})
			continue
		}
		cols = append(cols, sc.Name)
		fs = append(fs, compareColumn(sc, *tc)...)
	}
	var targetOrder []string
	for _, tc := range t.Columns {
		if sc := s.Column(tc.Name); sc != nil {
			targetOrder = append(targetOrder, sc.Name)
			continue
		}
		fs = append(fs, Finding{Severity: Difference, Kind: "extra_column", Column: tc.Name, Target: tc.ColumnType,
			Message: fmt.Sprintf("column %s %s exists on target only", tc.Name, tc.ColumnType)})
	}
	if !slices.Equal(cols, targetOrder) {
		fs = append(fs, Finding{Severity: Notice, Kind: "column_order",
			Source: strings.Join(cols, ", "), Target: strings.Join(targetOrder, ", "),
			Message: "columns are in a different order on target (matters to SELECT * and INSERT without a column list)"})
	}
	fs = append(fs, compareKeys(s, t)...)
	return cols, fs
}

// compareStorage compares engine, row format and the table's default
// collation, none of which changes the rows.
func compareStorage(s, t *schema.Table) []Finding {
	var fs []Finding
	if s.Engine != "" && t.Engine != "" && !strings.EqualFold(s.Engine, t.Engine) {
		sev, why := Difference, "not the usual InnoDB target"
		if strings.EqualFold(t.Engine, "InnoDB") {
			sev, why = Notice, "converted to InnoDB"
		}
		fs = append(fs, Finding{Severity: sev, Kind: "engine", Source: s.Engine, Target: t.Engine,
			Message: fmt.Sprintf("engine %s on source, %s on target (%s)", s.Engine, t.Engine, why)})
	}
	if s.RowFormat != "" && t.RowFormat != "" && !strings.EqualFold(s.RowFormat, t.RowFormat) {
		fs = append(fs, Finding{Severity: Notice, Kind: "row_format", Source: s.RowFormat, Target: t.RowFormat,
			Message: fmt.Sprintf("row format %s on source, %s on target (storage only)", s.RowFormat, t.RowFormat)})
	}
	if s.Collation != "" && t.Collation != "" && normCollation(s.Collation) != normCollation(t.Collation) {
		fs = append(fs, Finding{Severity: Notice, Kind: "collation", Source: s.Collation, Target: t.Collation,
			Message: fmt.Sprintf("table default collation %s on source, %s on target (applies to columns added later)", s.Collation, t.Collation)})
	}
	return fs
}
