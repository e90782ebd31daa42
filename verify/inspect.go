package verify

import (
	"context"
	"errors"
	"slices"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Inspect reads the tables Run compares: those sel takes on the source
// (bare names in the database the source endpoint names, unless sel has a
// DefaultSchema), and the target tables that map back to one sel takes
// (o.Mapping). On the target every table of the mapped schemas is read, so
// that a table only the target has is reported as extra. A transient
// failure is tried again as o.Retry says, with o.Notify told.
func Inspect(ctx context.Context, src, tgt *conn.Pool, sel schema.Selection, o Options) (srcTables, tgtTables []*schema.Table, err error) {
	o.setDefaults()
	if sel.DefaultSchema == "" {
		sel.DefaultSchema = src.Endpoint.Database()
	}
	srcTables, err = src.Inspect(ctx, sel, o.Retry.Notifying("read source tables", o.Notify))
	if err != nil {
		return nil, nil, conn.Classify(err, "read source tables", src.Endpoint)
	}
	all, err := tgt.Inspect(ctx, targetSchemas(srcTables, o.Mapping), o.Retry.Notifying("read target tables", o.Notify))
	switch {
	case errors.Is(err, schema.ErrNoTables):
	case err != nil:
		return nil, nil, conn.Classify(err, "read target tables", tgt.Endpoint)
	}
	return srcTables, mappedFrom(all, sel, o.Mapping), nil
}

// targetSchemas selects every table of the schemas m maps the source
// tables to.
func targetSchemas(src []*schema.Table, m Mapping) schema.Selection {
	var include []string
	for _, t := range src {
		if p := m.Target(schema.Ref{Schema: t.Schema, Name: t.Name}).Schema + ".*"; !slices.Contains(include, p) {
			include = append(include, p)
		}
	}
	slices.Sort(include)
	return schema.Selection{Include: include}
}

// mappedFrom keeps the target tables whose source name (under m) sel takes.
func mappedFrom(tgt []*schema.Table, sel schema.Selection, m Mapping) []*schema.Table {
	var out []*schema.Table
	for _, t := range tgt {
		ref := schema.Ref{Schema: t.Schema, Name: t.Name}
		if from, ok := m.Source(ref); ok {
			ref = from
		}
		if sel.Matches(ref) {
			out = append(out, t)
		}
	}
	return out
}
