package checksum

import (
	"math"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestPlanErrors(t *testing.T) {
	src := tableOf(colOf("id", "int"), colOf("v", "int"))
	tgt := tableOf(colOf("id", "int"))
	tests := []struct {
		name      string
		cols, key []string
		o         Options
	}{
		{"column missing on target", []string{"id", "v"}, nil, Options{}},
		{"column missing on source", []string{"w"}, nil, Options{}},
		{"key missing", []string{"id"}, []string{"v"}, Options{}},
		{"duplicate column", []string{"id", "ID"}, nil, Options{}},
		{"negative tolerance", []string{"id"}, nil, Options{FloatTolerance: -1}},
		{"NaN tolerance", []string{"id"}, nil, Options{FloatTolerance: math.NaN()}},
	}
	for _, tc := range tests {
		if _, err := NewPlan(src, tgt, tc.cols, tc.key, tc.o); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	p, err := NewPlan(src, tgt, []string{"id"}, []string{"id"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Encoder(Source, schemaOf([]schema.Column{colOf("other", "int")})); err == nil {
		t.Error("Encoder without the column's field: no error")
	}
	if _, err := p.Encoder(Target, schemaOf([]schema.Column{colOf("id", "varchar(5)")})); err == nil {
		t.Error("Encoder with a String field for an INT column: no error")
	}
	if _, err := p.Encoder(Side(7), schemaOf([]schema.Column{colOf("id", "int")})); err == nil {
		t.Error("Encoder for a bad side: no error")
	}
}

// TestExtraFields: batches may carry columns the plan does not compare, in
// any position.
func TestExtraFields(t *testing.T) {
	mem := checkedMem(t)
	scols := []schema.Column{colOf("id", "int"), colOf("v", "varchar(5)")}
	tcols := []schema.Column{colOf("extra", "blob"), colOf("v", "varchar(5)"), colOf("id", "int")}
	p, err := NewPlan(tableOf(scols...), tableOf(tcols...), []string{"id", "v"}, []string{"id"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	se, _ := p.Encoder(Source, schemaOf(scols))
	te, err := p.Encoder(Target, schemaOf(tcols))
	if err != nil {
		t.Fatal(err)
	}
	srec := batchOf(t, mem, scols, []any{1, "a"})
	defer srec.Release()
	trec := batchOf(t, mem, tcols, []any{[]byte{9}, "a", 1})
	defer trec.Release()
	if se.RowHash(srec, 0) != te.RowHash(trec, 0) {
		t.Error("extra field changed the hash")
	}
}
