package explain_test

import (
	"fmt"

	"github.com/parity-db/parity/explain"
)

// SELECT * FROM orders WHERE customer_id = 7 ORDER BY id, on a MariaDB
// source without an index on customer_id and a MySQL target with one.
func ExampleCompare() {
	source, err := explain.Parse([]byte(`{"query_block": {"select_id": 1, "nested_loop": [{"read_sorted_file": {"filesort": {
		"sort_key": "orders.id",
		"table": {"table_name": "orders", "access_type": "ALL", "rows": 3000, "filtered": 100, "attached_condition": "orders.customer_id = 7"}}}}]}}`))
	if err != nil {
		panic(err)
	}
	target, err := explain.Parse([]byte(`{"query_block": {"select_id": 1, "cost_info": {"query_cost": "5.25"}, "ordering_operation": {
		"using_filesort": false,
		"table": {"table_name": "orders", "access_type": "ref", "possible_keys": ["idx_customer"], "key": "idx_customer",
			"rows_examined_per_scan": 15, "rows_produced_per_join": 15, "filtered": "100.00"}}}}`))
	if err != nil {
		panic(err)
	}
	fmt.Println("source:", source.Summary())
	fmt.Println("target:", target.Summary())
	for _, c := range explain.Compare(source, target) {
		fmt.Println(c)
	}
	// Output:
	// source: orders ALL (3k rows, filesort)
	// target: orders ref idx_customer (15 rows)
	// orders: type ALL → ref
	// orders: key none → idx_customer
	// orders: rows 3k → 15
	// filesort removed
}
