package bench

import (
	"context"
	"errors"
	"fmt"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// workload is one thing a cell runs: a built-in scenario on a table, or a
// custom query.
type workload struct {
	scenario Scenario
	table    *schema.Table // nil for custom queries
	query    string        // "" for extract
}

// ErrNoWorkload means neither tables nor queries were given.
var ErrNoWorkload = errors.New("nothing to benchmark: give --table/--tables (with --scenario) or --query/--queries")

// resolveWorkloads finds the selected tables on the first target, checks
// that every target has them and the columns the scenarios name, and pairs
// each table with each scenario, then adds the custom queries. Reading
// the tables is tried again after a transient failure, as a run is.
func resolveWorkloads(ctx context.Context, targets []*target, o Options) ([]workload, error) {
	var out []workload
	if len(o.Tables.Include) > 0 {
		scenarios := o.Scenarios
		if len(scenarios) == 0 {
			scenarios = []Scenario{{Name: string(FullScan), Kind: FullScan}}
		}
		first := targets[0]
		sel := o.Tables
		if sel.DefaultSchema == "" {
			sel.DefaultSchema = first.Endpoint.Database()
		}
		tables, err := first.pool.Inspect(ctx, sel, o.Retry.Notifying(first.Label+": read tables", o.Notify))
		if err != nil {
			return nil, conn.Classify(fmt.Errorf("%s: %w", first.Label, err), "read tables of", first.Endpoint)
		}
		for _, t := range targets[1:] {
			if err := t.checkTables(ctx, tables, scenarios, o); err != nil {
				return nil, err
			}
		}
		for _, tbl := range tables {
			for _, s := range scenarios {
				if s.Column != "" && tbl.Column(s.Column) == nil {
					return nil, fmt.Errorf("%s: %s has no column %q (scenario %s)", first.Label, tbl, s.Column, s.Name)
				}
				out = append(out, workload{scenario: s, table: tbl, query: s.Query(schema.Ref{Schema: tbl.Schema, Name: tbl.Name})})
			}
		}
	} else if len(o.Scenarios) > 0 {
		return nil, errors.New("--scenario needs tables to run on: --table db.t or --tables 'db.*'")
	}
	for _, q := range o.Queries {
		out = append(out, workload{scenario: Scenario{Name: q.Name, Kind: Custom}, query: q.SQL})
	}
	if len(out) == 0 {
		return nil, ErrNoWorkload
	}
	return out, nil
}

// checkTables makes sure t has every table, and every column the
// scenarios sort or group by.
func (t *target) checkTables(ctx context.Context, tables []*schema.Table, scenarios []Scenario, o Options) error {
	var include []string
	for _, tbl := range tables {
		include = append(include, tbl.String())
	}
	theirs, err := t.pool.Inspect(ctx, schema.Selection{Include: include}, o.Retry.Notifying(t.Label+": read tables", o.Notify))
	if err != nil {
		return conn.Classify(fmt.Errorf("%s: %w", t.Label, err), "read tables of", t.Endpoint)
	}
	byName := map[string]*schema.Table{}
	for _, tbl := range theirs {
		byName[tbl.String()] = tbl
	}
	for _, tbl := range tables {
		for _, s := range scenarios {
			if s.Column != "" && byName[tbl.String()].Column(s.Column) == nil {
				return fmt.Errorf("%s: %s has no column %q (scenario %s)", t.Label, tbl, s.Column, s.Name)
			}
		}
	}
	return nil
}
