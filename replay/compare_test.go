package replay

import (
	"strings"
	"testing"
)

// side builds a checked run from rows of text; nil is NULL.
func run(forms []form, rows ...[]any) *checked {
	c := &checked{digest: newDigest(), forms: forms}
	canon := canonicalizers(forms, len(forms))
	for _, r := range rows {
		values := make([][]byte, len(r))
		for i, v := range r {
			if v != nil {
				values[i] = []byte(v.(string))
			}
		}
		c.digest.add(values, canon)
	}
	c.outcome.Rows = c.digest.sum.Rows
	return c
}

func TestDigestEncoding(t *testing.T) {
	raw := []form{formRaw, formRaw}
	tests := []struct {
		name string
		a, b []any
		same bool
	}{
		{"NULL and empty", []any{nil, "x"}, []any{"", "x"}, false},
		{"NULL and 'NULL'", []any{nil, "x"}, []any{"NULL", "x"}, false},
		{"value boundaries", []any{"ab", "c"}, []any{"a", "bc"}, false},
		{"equal", []any{"a", nil}, []any{"a", nil}, true},
	}
	for _, tt := range tests {
		a, b := run(raw, tt.a), run(raw, tt.b)
		if (a.digest.sum == b.digest.sum) != tt.same {
			t.Errorf("%s: same = %v, want %v", tt.name, !tt.same, tt.same)
		}
	}
}

func TestRowDiffCountsDuplicates(t *testing.T) {
	raw := []form{formRaw}
	a := run(raw, []any{"x"}, []any{"x"}, []any{"y"})
	b := run(raw, []any{"x"}, []any{"z"})
	onlyA, onlyB := rowDiff(a.digest.hashes, b.digest.hashes)
	if total(onlyA) != 2 || total(onlyB) != 1 {
		t.Errorf("only a %d (want 2: x once, y), only b %d (want 1: z)", total(onlyA), total(onlyB))
	}
}

func TestClassify(t *testing.T) {
	num := []form{formRaw, formNumber}
	tests := []struct {
		name    string
		ordered bool
		src     *checked
		tgt     *checked
		volat   string
		verdict Verdict
		kind    Kind
		notice  string
	}{
		{name: "same rows, decimal scale", src: run(num, []any{"a", "1.50"}), tgt: run(num, []any{"a", "1.5000"}),
			verdict: Same},
		{name: "changed value", src: run(num, []any{"a", "1.50"}), tgt: run(num, []any{"a", "1.51"}),
			verdict: Different, kind: RowsDiff},
		{name: "missing row", src: run(num, []any{"a", "1"}, []any{"b", "2"}), tgt: run(num, []any{"a", "1"}),
			verdict: Different, kind: RowsDiff},
		{name: "order without ORDER BY", src: run(num, []any{"a", "1"}, []any{"b", "2"}),
			tgt: run(num, []any{"b", "2"}, []any{"a", "1"}), verdict: Notice, notice: "another order from row 1"},
		{name: "order with ORDER BY", ordered: true, src: run(num, []any{"a", "1"}, []any{"b", "2"}),
			tgt: run(num, []any{"b", "2"}, []any{"a", "1"}), verdict: Different, kind: OrderDiff},
		{name: "volatile rows", src: run(num, []any{"a", "1"}), tgt: run(num, []any{"a", "2"}), volat: "NOW()",
			verdict: Notice, notice: "NOW()"},
	}
	cols := []Column{{Name: "k", Type: "VARCHAR"}, {Name: "v", Type: "DECIMAL"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Statement{Ordered: tt.ordered}
			tt.src.outcome.Columns, tt.tgt.outcome.Columns = cols, cols
			s.Source, s.Target = tt.src.outcome, tt.tgt.outcome
			classify(s, tt.src, tt.tgt, tt.volat)
			if s.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s (%+v %q)", s.Verdict, tt.verdict, s.Differences, s.Notices)
			}
			if tt.kind != "" && (len(s.Differences) == 0 || s.Differences[0].Kind != tt.kind) {
				t.Errorf("differences %+v, want %s", s.Differences, tt.kind)
			}
			if tt.notice != "" && !strings.Contains(strings.Join(s.Notices, "|"), tt.notice) {
				t.Errorf("notices %q, want %q", s.Notices, tt.notice)
			}
		})
	}
}

func TestClassifyErrorsAndColumns(t *testing.T) {
	e1038 := &ServerError{Code: 1038, Message: "Out of sort memory"}
	lost := &ServerError{Lost: true, Message: "gone"}
	tests := []struct {
		name     string
		src, tgt Outcome
		verdict  Verdict
		detail   string
	}{
		{"target only", Outcome{}, Outcome{Error: e1038}, Different, "fails on the target only: ERROR 1038"},
		{"source only", Outcome{Error: e1038}, Outcome{}, Different, "fails on the source only"},
		{"same error", Outcome{Error: e1038}, Outcome{Error: e1038}, Notice, ""},
		{"different errors", Outcome{Error: &ServerError{Code: 1267}}, Outcome{Error: e1038}, Different, "source ERROR 1267"},
		{"lost on one side", Outcome{}, Outcome{Error: lost}, Different, "gone"},
		{"lost on both", Outcome{Error: lost}, Outcome{Error: lost}, Failed, ""},
		{"column count", Outcome{Columns: []Column{{"a", "INT"}}}, Outcome{Columns: []Column{{"a", "INT"}, {"b", "INT"}}},
			Different, "1 columns on the source, 2 on the target"},
		{"column family", Outcome{Columns: []Column{{"a", "DECIMAL"}}}, Outcome{Columns: []Column{{"a", "DOUBLE"}}},
			Different, "a is DECIMAL on the source, DOUBLE on the target"},
		{"widened integer", Outcome{Columns: []Column{{"a", "INT"}}}, Outcome{Columns: []Column{{"a", "BIGINT"}}},
			Same, ""},
		{"json as text", Outcome{Columns: []Column{{"a", "LONGTEXT"}}}, Outcome{Columns: []Column{{"a", "JSON"}}},
			Same, ""},
		{"warnings", Outcome{}, Outcome{Warnings: []Warning{{"Warning", 1287, "deprecated"}}}, Different,
			"Warning 1287 deprecated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Statement{Source: tt.src, Target: tt.tgt}
			classify(s, run(nil), run(nil), "")
			if s.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s (%+v %q)", s.Verdict, tt.verdict, s.Differences, s.Notices)
			}
			var all []string
			for _, d := range s.Differences {
				all = append(all, d.Detail)
			}
			if tt.detail != "" && !strings.Contains(strings.Join(all, "|"), tt.detail) {
				t.Errorf("details %q, want %q", all, tt.detail)
			}
		})
	}
}
