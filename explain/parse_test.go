package explain_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/parity-db/parity/explain"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		notPlan bool
	}{
		{"empty", ``, false},
		{"not JSON", `EXPLAIN`, false},
		{"truncated", `{"query_block": {"select_id": 1,`, false},
		{"trailing data", `{"query_block": {}} {}`, false},
		{"another document", `{"query": "select 1"}`, true},
		{"an array", `[{"query_block": {}}]`, true},
		{"query_block not an object", `{"query_block": 1}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := explain.Parse([]byte(tt.doc))
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.doc, p)
			}
			if got := errors.Is(err, explain.ErrNotPlan); got != tt.notPlan {
				t.Errorf("Parse(%q) error %q: errors.Is(ErrNotPlan) = %v, want %v", tt.doc, err, got, tt.notPlan)
			}
		})
	}
}

// TestParseShapes covers shapes the testbed cases do not print.
func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want explain.Plan
	}{
		// MariaDB 10.11, SET join_cache_level = 4: a hash join that scans
		// the hashed table's index ("#hash#<hash key>:<index read>").
		{"mariadb hash_index", `{"query_block": {"select_id": 1, "nested_loop": [
			{"table": {"table_name": "o", "access_type": "ALL", "rows": 3000, "filtered": 100, "attached_condition": "o.note is not null"}},
			{"block-nl-join": {"table": {"table_name": "c", "access_type": "hash_index", "possible_keys": ["idx_country"],
				"key": "#hash#idx_country:idx_country", "key_length": "2:2", "used_key_parts": ["country"],
				"ref": ["pt_explain_scratch.o.note"], "rows": 200, "filtered": 10, "using_index": true},
			 "buffer_type": "flat", "buffer_size": "208Kb", "join_type": "BNLH", "attached_condition": "c.country = o.note"}}]}}`,
			explain.Plan{Format: 1, Accesses: []explain.Access{
				{Table: "o", Type: "ALL", Rows: 3000, Filtered: 100},
				{Table: "c", Type: "index", Key: "idx_country", Rows: 200, Filtered: 10},
			}}},
		// MySQL format 1 writes filtered and query_cost as strings.
		{"mysql numbers as strings", `{"query_block": {"select_id": 1, "cost_info": {"query_cost": "350.05"},
			"table": {"table_name": "orders", "access_type": "ALL", "rows_examined_per_scan": 3258, "rows_produced_per_join": 325,
			"filtered": "10.00", "cost_info": {"read_cost": "317.47", "eval_cost": "32.58", "prefix_cost": "350.05"}}}}`,
			explain.Plan{Format: 1, Cost: 350.05, Accesses: []explain.Access{{Table: "orders", Type: "ALL", Rows: 3258, Filtered: 10}}}},
		// Flags that are present but false do not count.
		{"false flags", `{"query_block": {"ordering_operation": {"using_filesort": false, "using_temporary_table": false,
			"table": {"table_name": "orders", "access_type": "index", "key": "idx_created", "rows_examined_per_scan": 5}}}}`,
			explain.Plan{Format: 1, Accesses: []explain.Access{{Table: "orders", Type: "index", Key: "idx_created", Rows: 5}}}},
		// MariaDB's answer to a query without tables.
		{"no tables", `{"query_block": {"select_id": 1, "table": {"message": "No tables used"}}}`, explain.Plan{Format: 1}},
		{"format 2 without tables", `{"query_plan": {"operation": "Rows fetched before execution", "access_type": "rows_fetched_before_execution",
			"estimated_rows": 1.0, "estimated_total_cost": 0.0}, "query_type": "select", "json_schema_version": "2.0"}`,
			explain.Plan{Format: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := explain.Parse([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Raw) != tt.doc {
				t.Errorf("Raw = %s, want the document", got.Raw)
			}
			got.Raw = nil
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("Parse\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestParseKeepsRaw checks that Raw does not share the caller's buffer.
func TestParseKeepsRaw(t *testing.T) {
	doc := []byte(`{"query_block": {"table": {"table_name": "t", "access_type": "ALL"}}}`)
	p, err := explain.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	doc[0] = 'x'
	if p.Raw[0] != '{' {
		t.Errorf("Raw changed with the caller's buffer: %s", p.Raw)
	}
}
