package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// orderedOnTarget reports whether lower <= upper under the target's
// ordering of the key columns (its collations), asking the target itself.
// A comparison the target cannot decide (NULL) counts as out of order, so
// the caller merges the chunk: fewer bounds never lose a row.
func (v *verifier) orderedOnTarget(ctx context.Context, tr *tableRun, lower, upper []any) (bool, error) {
	q, args := boundOrderQuery(tr.tgtKey, lower, upper)
	var ok sql.NullBool
	what := "order chunk bounds of " + tr.res.Target + " on the target"
	err := v.retrying(ctx, what, func(ctx context.Context) error {
		return conn.Classify(v.tgt.DB.QueryRowContext(ctx, q, args...).Scan(&ok), what, v.tgt.Endpoint)
	})
	return ok.Valid && ok.Bool, err
}

// boundOrderQuery asks whether the key lower sorts at or before upper
// under the target columns' own collations:
//
//	SELECT NOT ((CONVERT(? USING utf8mb4) COLLATE utf8mb4_0900_ai_ci < CONVERT(? USING utf8mb4) COLLATE utf8mb4_0900_ai_ci)
//	  OR (... = ... AND ? < ?))
//
// with upper's values before lower's in each comparison.
func boundOrderQuery(key []schema.Column, lower, upper []any) (string, []any) {
	var ors []string
	var args []any
	for i := range key {
		var ands []string
		for j := 0; j <= i; j++ {
			op := "="
			if j == i {
				op = "<"
			}
			e := targetExpr(key[j])
			ands = append(ands, e+" "+op+" "+e)
			args = append(args, upper[j], lower[j])
		}
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "SELECT NOT (" + strings.Join(ors, " OR ") + ")", args
}

// targetExpr is a bound value typed as the target column c compares it.
func targetExpr(c schema.Column) string {
	if c.IsText() {
		return fmt.Sprintf("CONVERT(? USING %s) COLLATE %s", c.Charset, c.Collation)
	}
	switch c.Kind() {
	case schema.Date:
		return "CAST(? AS DATE)"
	case schema.Datetime, schema.Timestamp:
		return "CAST(? AS DATETIME(6))"
	case schema.Time:
		return "CAST(? AS TIME(6))"
	case schema.Decimal:
		return fmt.Sprintf("CAST(? AS DECIMAL(%d,%d))", c.Precision, c.Scale)
	}
	if orderClass(c) == "number" {
		return "?"
	}
	return "CAST(? AS BINARY)"
}
