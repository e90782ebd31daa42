package conn

import (
	"context"

	"github.com/parity-db/parity/schema"
)

// Inspect reads the tables sel takes on the pool's server (schema.Inspect),
// trying again after a transient failure as r says. Reading the catalog is
// the first thing every command does, and a connection is as likely to be
// killed, or a server to restart, then as at any later read.
func (p *Pool) Inspect(ctx context.Context, sel schema.Selection, r Retry) ([]*schema.Table, error) {
	var tables []*schema.Table
	err := r.Do(ctx, func(ctx context.Context, _ int) (err error) {
		tables, err = schema.Inspect(ctx, p.DB, p.Server, sel)
		return err
	})
	return tables, err
}
