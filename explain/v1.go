package explain

import (
	"strings"
)

// readV1 reads format version 1: what MySQL 5.6 to 8.2 print, what MySQL
// 8.3+ print with explain_json_format_version=1, and what MariaDB prints.
// Tables hide at any depth (nested_loop, ordering_operation,
// grouping_operation, duplicates_removal, attached_subqueries,
// materialized_from_subquery, union_result's query_specifications; in
// MariaDB read_sorted_file, filesort, temporary_table, block-nl-join,
// subqueries, expression_cache, materialized), so the walk visits every
// object and takes any "table" member with an access_type as an access.
func (p *Plan) readV1(root *node) {
	if cost, ok := root.get("query_block").get("cost_info").num("query_cost"); ok {
		p.Cost = cost
	}
	p.walkV1(root, "")
}

// walkV1 visits n, the value of the object member key (array elements
// inherit their array's key), and everything below it in document order.
func (p *Plan) walkV1(n *node, key string) {
	switch n.kind {
	case '[':
		for _, kid := range n.kids {
			p.walkV1(kid, key)
		}
		return
	case '{':
	default:
		return
	}
	// MySQL flags sorts with using_filesort; MariaDB wraps the sorted part
	// in a filesort object (under read_sorted_file when rows are read back).
	if n.is("using_filesort") || n.isObject("filesort") || n.isObject("read_sorted_file") {
		p.Filesort = true
	}
	// MySQL also sets using_temporary_table on every materialized derived
	// table and subquery, which MariaDB does not flag; those are accesses.
	if (n.is("using_temporary_table") && key != "materialized_from_subquery") || n.isObject("temporary_table") {
		p.Temporary = true
	}
	// A UNION that deduplicates reads its rows back from a named table:
	// MySQL flags it, MariaDB only names it ("<union1,2>").
	if key == "union_result" && n.get("table_name") != nil {
		p.Temporary = true
	}
	if key == "table" && n.get("access_type") != nil {
		p.Accesses = append(p.Accesses, v1Access(n))
	}
	for i, kid := range n.kids {
		p.walkV1(kid, n.keys[i])
	}
}

func v1Access(n *node) Access {
	a := Access{
		Table: n.str("table_name"),
		Type:  n.str("access_type"),
		Key:   n.str("key"),
	}
	if rows, ok := n.num("rows_examined_per_scan"); ok {
		a.Rows = rows
	} else {
		a.Rows, _ = n.num("rows")
	}
	a.Filtered, _ = n.num("filtered")
	a.Materialized = n.get("materialized_from_subquery") != nil || n.get("materialized") != nil
	if a.Key == "" {
		a.Key = mergeKey(n.get("index_merge")) // MariaDB spells the merge out
	}
	a.Type, a.Key = mariaDBNames(a)
	return a
}

// mergeKey writes MariaDB's index_merge object the way MySQL names an
// index merge: {"union": [{"range": {"key": "PRIMARY"}}, {"range": {"key":
// "idx_created"}}]} is "union(PRIMARY,idx_created)".
func mergeKey(m *node) string {
	if m == nil || m.kind != '{' {
		return ""
	}
	for i, op := range m.keys {
		switch op {
		case "range":
			return m.kids[i].str("key")
		case "union", "sort_union", "intersect", "sort_intersect":
			var parts []string
			for _, e := range m.kids[i].kids {
				if k := mergeKey(e); k != "" {
					parts = append(parts, k)
				}
			}
			return op + "(" + strings.Join(parts, ",") + ")"
		}
	}
	return ""
}

// mariaDBNames renames what only MariaDB says to what MySQL says for the
// same access:
//
//	hash_ALL, key "#hash#$hj"                → ALL, no key (a hash join)
//	hash_index, key "#hash#idx_a:idx_a"      → index, idx_a (the part after ':' is read)
//	distinct_key on a materialized subquery  → <auto_distinct_key>
//	key0 on a derived table                  → <auto_key0>
func mariaDBNames(a Access) (typ, key string) {
	typ, key = a.Type, a.Key
	if t, ok := strings.CutPrefix(typ, "hash_"); ok {
		typ = t
	}
	if k, ok := strings.CutPrefix(key, "#hash#"); ok {
		key = ""
		if _, after, found := strings.Cut(k, ":"); found {
			key = after
		}
	}
	if a.Materialized {
		if key == "distinct_key" {
			key = "<auto_distinct_key>"
		} else if n, ok := strings.CutPrefix(key, "key"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			key = "<auto_key" + n + ">"
		}
	}
	return typ, key
}
