package extract

import (
	"context"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Inspect reads the tables sel takes on pool, to hand to Run; without a
// DefaultSchema, sel's bare table names are in the database the endpoint
// names. A transient failure is tried again as o.Retry says, with
// o.Notify told, even with o.Consistent: no snapshot is open yet.
func Inspect(ctx context.Context, pool *conn.Pool, sel schema.Selection, o Options) ([]*schema.Table, error) {
	retry := o.Retry
	o.setDefaults()
	if sel.DefaultSchema == "" {
		sel.DefaultSchema = pool.Endpoint.Database()
	}
	tables, err := pool.Inspect(ctx, sel, retry.Notifying("read tables", o.Notify))
	if err != nil {
		return nil, conn.Classify(err, "read tables of "+pool.Endpoint.Role, pool.Endpoint)
	}
	return tables, nil
}
