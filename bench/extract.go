package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/measure"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
)

// runExtract times a full parity extraction of the cell's table, discarding
// the rows, on a pool whose connections carry the cell's session values.
// Its status counters are global deltas: the extraction runs on several
// connections at once.
func (t *target) runExtract(ctx context.Context, c *Cell, r Measurement, o Options) (Measurement, error) {
	ep := *t.Endpoint
	ep.Config = t.Endpoint.Config.Clone()
	if ep.Config.Params == nil {
		ep.Config.Params = map[string]string{}
	}
	for _, a := range c.Settings {
		if t.vars[a.Name].Scope == Session {
			ep.Config.Params[a.Name] = a.SQLValue()
		}
	}
	// A chunk retried inside the extraction would hide in its time: the
	// whole run is retried instead (run), and measured clean.
	eo := extract.Options{Workers: o.Workers, ZeroDates: extract.ZeroDatesKeep, Retry: conn.NoRetry}
	pool, err := conn.Open(ctx, &ep, eo.Connections())
	if err != nil {
		return r, err
	}
	defer pool.Close()
	out, err := sink.New(sink.None, sink.Options{})
	if err != nil {
		return r, err
	}
	before, err := measure.ReadStatus(ctx, t.pool, "GLOBAL")
	if err != nil {
		return r, conn.Classify(err, "read status on", t.Endpoint)
	}
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if o.Timeout > 0 {
		runCtx, cancel = context.WithTimeout(ctx, o.Timeout)
	}
	defer cancel()
	start := time.Now()
	er, err := extract.Run(runCtx, pool, []*schema.Table{c.workload.table}, out, eo)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return r, ctx.Err()
	case runCtx.Err() != nil:
		r.Error = &RunError{Kind: "timeout", Message: fmt.Sprintf("extraction not done after %s; stopped", o.Timeout)}
		return r, nil
	case conn.IsTransient(err):
		return r, err
	case isServerError(err):
		r.Error = queryError(err, o.Timeout)
		return r, nil
	default:
		return r, err
	}
	r.Seconds = time.Since(start).Seconds()
	r.Rows, r.Bytes = er.Rows, er.Bytes
	after, err := measure.ReadStatus(ctx, t.pool, "GLOBAL")
	if err != nil {
		return r, conn.Classify(err, "read status on", t.Endpoint)
	}
	r.Status, r.StatusScope = measure.Delta(before, after, nil), "global"
	return r, nil
}
