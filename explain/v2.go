package explain

import (
	"strings"
)

// readV2 reads format version 2, MySQL 8.3+'s tree of operations (the
// default of MySQL 9.x, and the only format of the hypergraph optimizer):
//
//	{"query_plan": {"operation": "Nested loop inner join", "access_type": "join", "inputs": [
//	    {"operation": "Table scan on o", "access_type": "table", "alias": "o", "table_name": "orders", "estimated_rows": 3258.0},
//	    {"operation": "Single-row index lookup on c using PRIMARY (id = o.customer_id)", "access_type": "index",
//	     "index_access_type": "index_lookup", "index_name": "PRIMARY", "alias": "c", ...}]},
//	 "json_schema_version": "2.0"}
//
// Its access types name operations (table, index, sort, materialize, ...),
// so readV2 translates the table reads to format 1's names and takes the
// flags from the operations that sort or fill a temporary table.
func (p *Plan) readV2(root *node) {
	plan := root.get("query_plan")
	if cost, ok := plan.num("estimated_total_cost"); ok {
		p.Cost = cost
	}
	p.walkV2(plan)
}

func (p *Plan) walkV2(n *node) {
	switch n.kind {
	case '[':
		for _, kid := range n.kids {
			p.walkV2(kid)
		}
		return
	case '{':
	default:
		return
	}
	switch n.str("access_type") {
	case "sort":
		p.Filesort = true
	case "temp_table_aggregate":
		p.Temporary = true
	case "materialize":
		// A materialized derived table or subquery is an access of its
		// own; DISTINCT's temporary table and a set operation's are not.
		if n.is("temp_table") || (n.is("union") && n.is("deduplication")) || n.is("intersect") || n.is("except") {
			p.Temporary = true
		}
	case "index_merge", "rowid_union", "rowid_intersection":
		if a, ok := v2Merge(n); ok {
			p.Accesses = append(p.Accesses, a)
			return // its inputs are the merged index reads
		}
	case "table", "index", "constant_row", "scan_new_records":
		if a, ok := v2Access(n); ok {
			p.Accesses = append(p.Accesses, a)
		}
	}
	for i, kid := range n.kids {
		if n.keys[i] == "inputs" && n.str("join_algorithm") == "hash" && n.str("join_type") == "inner join" {
			p.walkHashInputs(kid)
			continue
		}
		p.walkV2(kid)
	}
}

// walkHashInputs visits an inner hash join's build input (headed "Hash")
// before its probe input. Format 1 and MariaDB list tables in join order,
// and MySQL hashes the earlier table of an inner join; format 2 lists the
// probe input first. An outer, semi- or antijoin hashes its inner table,
// so there format 2's order is already the join order.
func (p *Plan) walkHashInputs(inputs *node) {
	for _, build := range []bool{true, false} {
		for _, kid := range inputs.kids {
			if (kid.str("heading") == "Hash") == build {
				p.walkV2(kid)
			}
		}
	}
}

// v2Access reads a node that reads a table. The temporary tables format 2
// scans for GROUP BY, DISTINCT and UNION ("<temporary>", "<union
// temporary>") are flags, not accesses, as in format 1.
func v2Access(n *node) (Access, bool) {
	name := n.str("alias")
	if name == "" {
		name = n.str("table_name")
	}
	if name == "" || (strings.HasPrefix(name, "<") && strings.HasSuffix(name, "temporary>")) {
		return Access{}, false
	}
	a := Access{Table: name, Type: v2Type(n), Key: n.str("index_name")}
	a.Rows, _ = n.num("estimated_rows")
	for _, in := range n.get("inputs").elems() {
		if in.str("access_type") == "materialize" {
			a.Materialized = true
		}
	}
	return a, true
}

// v2Type is format 1's access type for a format 2 table read.
func v2Type(n *node) string {
	switch n.str("access_type") {
	case "table", "scan_new_records":
		return "ALL"
	case "constant_row":
		return "const"
	}
	switch t := n.str("index_access_type"); t {
	case "index_scan", "index_distance_scan":
		return "index"
	case "index_range_scan", "index_skip_scan", "group_index_skip_scan":
		return "range" // format 1: range, using_index_for_skip_scan / _group_by
	case "index_lookup", "pushed_join_ref", "multi_range_read":
		switch {
		case strings.HasPrefix(n.str("operation"), "Single-row"):
			return "eq_ref"
		case strings.HasSuffix(n.str("lookup_condition"), " or NULL"):
			return "ref_or_null"
		}
		return "ref"
	case "full_text_search":
		return "fulltext"
	case "dynamic_index_range_scan":
		return "ALL" // format 1: ALL, range_checked_for_each_record
	case "":
		return n.str("access_type")
	default:
		return t
	}
}

// v2Merge reads an index merge, whose inputs are range reads of one table,
// as the one access format 1 shows: index_merge, key
// "union(PRIMARY,idx_created)".
func v2Merge(n *node) (Access, bool) {
	key, table := v2MergeKey(n)
	if table == "" {
		return Access{}, false
	}
	a := Access{Table: table, Type: "index_merge", Key: key}
	a.Rows, _ = n.num("estimated_rows")
	return a, true
}

func v2MergeKey(n *node) (key, table string) {
	op := map[string]string{"index_merge": "sort_union", "rowid_union": "union", "rowid_intersection": "intersect"}[n.str("access_type")]
	if op == "" {
		table = n.str("alias")
		if table == "" {
			table = n.str("table_name")
		}
		return n.str("index_name"), table
	}
	var parts []string
	for _, in := range n.get("inputs").elems() {
		k, t := v2MergeKey(in)
		if k != "" {
			parts = append(parts, k)
		}
		if table == "" {
			table = t
		}
	}
	return op + "(" + strings.Join(parts, ",") + ")", table
}
