package explain

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Access is how one table is read in a plan: one row of a traditional
// EXPLAIN, the part that decides most of a query's speed.
type Access struct {
	// Table is the alias, else the table name, as the plan names it.
	// MariaDB names a derived table "<derived2>" where MySQL uses its alias.
	Table string
	// Type is the access type in MySQL's names (ALL, index, range, ref,
	// eq_ref, ref_or_null, const, system, fulltext, index_merge, ...), so
	// that plans from MariaDB and from either MySQL format compare as equals.
	Type string
	// Key is the index used, "" for none; an index merge is written the way
	// MySQL writes it, "union(PRIMARY,idx_created)".
	Key string
	// Rows is the estimate of rows read each time the table is scanned or
	// looked up (MySQL's rows_examined_per_scan, MariaDB's rows).
	Rows float64
	// Filtered is the estimated percent of those rows left after the
	// table's conditions, 0 when the plan does not give it (format 2).
	Filtered float64
	// Materialized is a table the plan fills before reading it: a derived
	// table, a view or a subquery. Compare pairs such tables when the two
	// servers name them differently.
	Materialized bool
}

// Plan is the part of an EXPLAIN FORMAT=JSON document that decides speed,
// read the same way from MySQL 5.7, 8.0 and 9.x and from MariaDB 10.x.
type Plan struct {
	// Accesses are the tables in plan order: nested-loop order, with the
	// tables of a derived table or subquery after the table that reads it.
	Accesses []Access
	// Filesort is a sort the plan does itself rather than reading an index
	// in order (MySQL's using_filesort, MariaDB's filesort).
	Filesort bool
	// Temporary is a temporary table for GROUP BY, DISTINCT, ORDER BY or a
	// deduplicating UNION (traditional EXPLAIN's "Using temporary"). The
	// table a derived table or subquery is materialized in is not counted:
	// it is an Access of its own.
	Temporary bool
	// Cost is the optimizer's estimate for the whole query when the server
	// gives one (MySQL's query_cost, or the root's estimated_total_cost in
	// format 2), else 0. Costs from different servers are not comparable.
	Cost float64
	// Format is the document's format version: 1 (MySQL's classic shape,
	// and MariaDB's) or 2 (MySQL 8.3+'s tree). Format 2 folds tables read
	// during optimization into no access at all, so a plan of each format
	// can differ in tables that are really read the same way.
	Format int
	// Raw is the document as the server sent it, for reports.
	Raw json.RawMessage
}

// Parse reads an EXPLAIN FORMAT=JSON document from MySQL (5.7, 8.0, 9.x;
// format version 1 or 2) or MariaDB (10.x).
func Parse(doc []byte) (*Plan, error) {
	root, err := decode(doc)
	if err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	p := &Plan{Raw: json.RawMessage(bytes.Clone(doc))}
	switch {
	case root.isObject("query_block"):
		p.Format = 1
		p.readV1(root)
	case root.isObject("query_plan"):
		p.Format = 2
		p.readV2(root)
	default:
		return nil, fmt.Errorf("parse plan: %w", ErrNotPlan)
	}
	return p, nil
}
