package explain

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
)

// restoreTimeout bounds putting the session variable back, which runs even
// when the caller's context is done.
const restoreTimeout = 10 * time.Second

// Explain runs EXPLAIN FORMAT=JSON for query on c and parses the plan. The
// server plans the query without running it (though it may evaluate a
// cheap constant subquery while planning). A trailing semicolon is dropped.
//
// MySQL 8.3 and later print format version 2 when explain_json_format_version
// is 2, the default of MySQL 9.x. Explain asks for version 1 for this one
// statement and leaves the session as it found it:
//
//	SELECT @@SESSION.explain_json_format_version  -- 2; MariaDB and older MySQL: error 1193, nothing to set
//	SET SESSION explain_json_format_version = 1
//	EXPLAIN FORMAT=JSON SELECT ...
//	SET SESSION explain_json_format_version = 2
//
// Version 1 is the shape MariaDB and MySQL 5.7/8.0 print, so the source's
// plan and the target's compare like for like: version 2 names operations
// rather than access types, and it leaves out the tables the optimizer
// reads while planning (a lookup by primary key becomes "Rows fetched before
// execution", with no table). Parse still reads version 2, which MySQL
// prints whatever the variable says when the hypergraph optimizer is on.
func Explain(ctx context.Context, c *sql.Conn, query string) (plan *Plan, err error) {
	query = strings.TrimRight(strings.TrimSpace(query), "; \t\r\n")
	what := "explain " + shorten(query)

	var version sql.NullInt64
	err = c.QueryRowContext(ctx, "SELECT @@SESSION.explain_json_format_version").Scan(&version)
	if n, ok := conn.ServerErrorNumber(err); ok && n == errUnknownSystemVariable {
		err = nil
		version = sql.NullInt64{}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: read explain_json_format_version: %w", what, err)
	}
	if version.Valid && version.Int64 != 1 {
		if _, err := c.ExecContext(ctx, "SET SESSION explain_json_format_version = 1"); err != nil {
			return nil, fmt.Errorf("%s: set explain_json_format_version = 1: %w", what, err)
		}
		defer func() {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
			defer cancel()
			if _, rerr := c.ExecContext(rctx, fmt.Sprintf("SET SESSION explain_json_format_version = %d", version.Int64)); rerr != nil {
				// The plan is good, but c is no longer as the caller left it.
				plan, err = nil, errors.Join(err, fmt.Errorf("%s: restore explain_json_format_version = %d: %w", what, version.Int64, rerr))
			}
		}()
	}

	var doc []byte
	if err := c.QueryRowContext(ctx, "EXPLAIN FORMAT=JSON "+query).Scan(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	p, err := Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return p, nil
}

// shorten keeps error messages to one readable line.
func shorten(query string) string {
	query = strings.Join(strings.Fields(query), " ")
	const limit = 60
	if r := []rune(query); len(r) > limit {
		return string(r[:limit]) + "…"
	}
	return query
}
