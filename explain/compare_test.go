package explain_test

import (
	"strings"
	"testing"

	"github.com/parity-db/parity/explain"
)

func plan(filesort, temporary bool, accesses ...explain.Access) *explain.Plan {
	return &explain.Plan{Accesses: accesses, Filesort: filesort, Temporary: temporary, Format: 1}
}

func TestCompare(t *testing.T) {
	orders := explain.Access{Table: "orders", Type: "ALL", Rows: 1200}
	customers := explain.Access{Table: "customers", Type: "eq_ref", Key: "PRIMARY", Rows: 1}
	byCustomer := explain.Access{Table: "orders", Type: "ref", Key: "idx_customer", Rows: 3}
	derived := explain.Access{Table: "<derived2>", Type: "ALL", Rows: 200, Materialized: true}
	alias := explain.Access{Table: "t", Type: "ALL", Rows: 180, Materialized: true}
	tests := []struct {
		name           string
		source, target *explain.Plan
		want           []string
	}{
		{"same", plan(true, false, orders, customers), plan(true, false, orders, customers), nil},
		{"index added", plan(false, false, orders), plan(false, false, byCustomer),
			[]string{"orders: type ALL → ref", "orders: key none → idx_customer", "orders: rows 1.2k → 3"}},
		{"index lost", plan(false, false, byCustomer), plan(false, false, orders),
			[]string{"orders: type ref → ALL", "orders: key idx_customer → none", "orders: rows 3 → 1.2k"}},
		{"rows within the factor", plan(false, false, orders), plan(false, false, explain.Access{Table: "orders", Type: "ALL", Rows: 12000}), nil},
		{"rows beyond the factor", plan(false, false, orders), plan(false, false, explain.Access{Table: "orders", Type: "ALL", Rows: 12001}),
			[]string{"orders: rows 1.2k → 12k"}},
		{"rows under one count as one", plan(false, false, explain.Access{Table: "o", Type: "ref", Rows: 0}),
			plan(false, false, explain.Access{Table: "o", Type: "ref", Rows: 10}), nil},
		{"join order does not matter", plan(false, false, orders, customers), plan(false, false, customers, orders), nil},
		{"tables on one side", plan(false, false, orders, customers), plan(false, false, orders, explain.Access{Table: "c", Type: "eq_ref", Key: "PRIMARY"}),
			[]string{"customers: only in source plan (eq_ref PRIMARY)", "c: only in target plan (eq_ref PRIMARY)"}},
		{"a name twice", plan(false, false, orders, orders), plan(false, false, orders, byCustomer),
			[]string{"orders#2: type ALL → ref", "orders#2: key none → idx_customer", "orders#2: rows 1.2k → 3"}},
		{"derived tables paired", plan(false, true, derived, orders), plan(false, true, alias, orders), nil},
		{"derived table changed", plan(false, true, derived), plan(false, true, explain.Access{Table: "t", Type: "ref", Key: "<auto_key0>", Rows: 5, Materialized: true}),
			[]string{"<derived2>/t: type ALL → ref", "<derived2>/t: key none → <auto_key0>", "<derived2>/t: rows 200 → 5"}},
		{"base tables are not paired", plan(false, false, orders), plan(false, false, explain.Access{Table: "o", Type: "ALL", Rows: 1200}),
			[]string{"orders: only in source plan (ALL)", "o: only in target plan (ALL)"}},
		{"flags", plan(true, false, orders), plan(false, true, orders), []string{"filesort removed", "temporary table added"}},
		{"flags the other way", plan(false, true, orders), plan(true, false, orders), []string{"filesort added", "temporary table removed"}},
		{"nil source", nil, plan(true, false, orders), []string{"orders: only in target plan (ALL)", "filesort added"}},
		{"both nil", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range explain.Compare(tt.source, tt.target) {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Compare\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		plan *explain.Plan
		want string
	}{
		{plan(true, true, explain.Access{Table: "orders", Type: "ALL", Rows: 1234}, explain.Access{Table: "customers", Type: "eq_ref", Key: "PRIMARY", Rows: 1}),
			"orders ALL (1.2k rows, filesort, temporary); customers eq_ref PRIMARY"},
		{plan(false, false, explain.Access{Table: "o", Type: "ref", Key: "idx_created", Rows: 9.4}), "o ref idx_created (9 rows)"},
		{plan(false, false), "no tables"},
		{plan(true, false), "no tables (filesort)"},
		{plan(false, false, explain.Access{Type: "ALL"}), "? ALL"},
	}
	for _, tt := range tests {
		if got := tt.plan.Summary(); got != tt.want {
			t.Errorf("Summary() = %q, want %q", got, tt.want)
		}
	}
}

// TestSummaryRows pins how row estimates are shortened.
func TestSummaryRows(t *testing.T) {
	tests := []struct {
		rows float64
		want string
	}{
		{2, "2"}, {999.4, "999"}, {999.5, "1k"}, {1000, "1k"}, {1049, "1k"}, {1050, "1.1k"}, {9949, "9.9k"},
		{9950, "10k"}, {123456, "123k"}, {999499, "999k"}, {999500, "1M"}, {4.2e6, "4.2M"}, {7e9, "7G"},
	}
	for _, tt := range tests {
		p := plan(false, false, explain.Access{Table: "t", Type: "ALL", Rows: tt.rows})
		if got, want := p.Summary(), "t ALL ("+tt.want+" rows)"; got != want {
			t.Errorf("rows %v: Summary() = %q, want %q", tt.rows, got, want)
		}
	}
}
