package schema

import (
	"sort"
	"strings"
)

// A scope is what one information_schema lookup reads: one table, or every
// table of one schema. Inspect asks scope by scope, naming the schema and
// the table by equality, because MariaDB reads only what an equality names:
// an IN list, or no condition at all, makes it open every table of every
// database to fill TABLE_ROWS, which takes minutes on a server of many
// thousand tables. MySQL 8+ reads its data dictionary by the same
// equalities through an index.
type scope struct {
	schema string
	table  string // "": every table of schema
}

// where is the condition that reads s, on the named schema and table
// columns, with its arguments.
func (s scope) where(schemaCol, tableCol string) (string, []any) {
	if s.table == "" {
		return schemaCol + " = ?", []any{s.schema}
	}
	return schemaCol + " = ? AND " + tableCol + " = ?", []any{s.schema, s.table}
}

// holds reports whether r is in s.
func (s scope) holds(r Ref) bool {
	return r.Schema == s.schema && (s.table == "" || r.Name == s.table)
}

func (s scope) String() string {
	if s.table == "" {
		return s.schema + ".*"
	}
	return s.schema + "." + s.table
}

// isLiteral reports whether a pattern part names exactly one name.
func isLiteral(part string) bool { return !strings.ContainsAny(part, `*?[\`) }

// scopes lists where the tables the selection takes can be, each table in
// exactly one scope: a table named literally, or every table of a schema
// that a table pattern applies to. A schema pattern is matched against the
// server's schemas, which schemas lists only when one is needed.
func (s Selection) scopes(schemas func() ([]string, error)) ([]scope, error) {
	include := s.Include
	if len(include) == 0 {
		include = []string{s.DefaultSchema + ".*"}
	}
	whole := map[string]bool{}      // schemas read whole
	tables := map[string][]string{} // literal tables by schema
	var all []string                // the server's schemas, once listed
	var listed bool
	for _, p := range include {
		db, tbl := s.split(p)
		names := []string{db}
		if !isLiteral(db) {
			if !listed {
				var err error
				if all, err = schemas(); err != nil {
					return nil, err
				}
				listed = true
			}
			names = names[:0]
			for _, n := range all {
				if Glob(db, n) {
					names = append(names, n)
				}
			}
		}
		for _, n := range names {
			if IsSystemSchema(n) {
				continue
			}
			if isLiteral(tbl) {
				tables[n] = append(tables[n], tbl)
			} else {
				whole[n] = true
			}
		}
	}
	var out []scope
	for n := range whole {
		out = append(out, scope{schema: n})
	}
	for n, ts := range tables {
		if whole[n] {
			continue
		}
		seen := map[string]bool{}
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, scope{schema: n, table: t})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].schema != out[j].schema {
			return out[i].schema < out[j].schema
		}
		return out[i].table < out[j].table
	})
	return out, nil
}
