package replay

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/querylog"
	"github.com/parity-db/parity/stats"
)

// Run replays each class's samples on source and target and compares what
// they return. Only read-only classes run, each statement in a read-only
// transaction on a read-only session; the others are reported as skipped.
// statements is how many statements the classes were grouped from.
//
// A statement that fails on a server is that statement's outcome; a
// server that goes away is reconnected to, within o.Retry's window, and the
// replay goes on. An error ends the run (interrupted, a server that did not
// come back); the result then holds the classes done so far.
func Run(ctx context.Context, source, target *conn.Pool, classes []querylog.Class, statements int64,
	o Options) (*Result, error) {
	o.setDefaults()
	res := &Result{Source: source.Server, Target: target.Server, Started: time.Now(), Statements: statements,
		Runs: o.Runs, Threshold: o.Threshold}
	defer func() { res.Seconds = time.Since(res.Started).Seconds() }()
	r := &runner{o: &o}
	r.src = &side{label: "source", pool: source, o: &o}
	r.tgt = &side{label: "target", pool: target, o: &o}
	defer r.src.close()
	defer r.tgt.close()
	for _, s := range []*side{r.src, r.tgt} {
		if err := s.open(ctx); err != nil {
			return res, err
		}
	}
	for _, qc := range classes {
		res.Classes = append(res.Classes, &Class{ID: qc.ID, Fingerprint: qc.Fingerprint, Count: qc.Count,
			LoggedSeconds: qc.Duration.Seconds(), Skipped: qc.Skipped, Verdict: NotReached})
	}
	var err error
	for i, qc := range classes {
		c := res.Classes[i]
		if err = r.class(ctx, qc, c); err != nil {
			res.Interrupted = true
			break
		}
		if o.Progress != nil {
			o.Progress(i+1, len(classes))
		}
	}
	sort.SliceStable(res.Classes, func(i, j int) bool {
		return res.Classes[i].Verdict.rank() < res.Classes[j].Verdict.rank()
	})
	return res, err
}

type runner struct {
	o        *Options
	src, tgt *side
}

func (r *runner) sides() []*side { return []*side{r.src, r.tgt} }

// class replays one class: every sample compared, the first one timed and
// explained.
func (r *runner) class(ctx context.Context, qc querylog.Class, c *Class) error {
	if qc.Skipped == "" && len(qc.Samples) > 0 && !isRead(qc.Samples[0].SQL) {
		// SHOW, DESCRIBE, EXPLAIN and DO describe the server or compute
		// nothing from the data: their output differs by design.
		qc.Skipped = "not a query of data (SHOW, DESCRIBE, EXPLAIN and DO describe the server)"
	}
	if qc.Skipped != "" {
		c.Verdict, c.Skipped = Skipped, qc.Skipped
		return nil
	}
	ordered := hasOrderBy(qc.Fingerprint)
	volatile := nondeterministic(qc.Fingerprint)
	c.Verdict = Same
	for _, st := range qc.Samples {
		s := &Statement{SQL: st.SQL, Schema: st.Schema, Origin: st.Origin, Ordered: ordered}
		if err := r.compare(ctx, s, volatile); err != nil {
			return err
		}
		c.Samples = append(c.Samples, s)
		if s.Verdict.rank() < c.Verdict.rank() {
			c.Verdict = s.Verdict
		}
	}
	if r.o.NoTiming || len(c.Samples) == 0 {
		return nil
	}
	first := c.Samples[0]
	if first.Source.Error != nil || first.Target.Error != nil {
		return nil // nothing to time: the difference is already reported
	}
	if err := r.explain(ctx, first, c); err != nil {
		return err
	}
	t, err := r.time(ctx, first)
	if err != nil {
		return err
	}
	c.Timing = t
	if t.Verdict == stats.Regression && Slower.rank() < c.Verdict.rank() {
		c.Verdict = Slower
	}
	return nil
}

// compare runs s once on each server at the same time and compares the
// outcomes; when rows differ it runs s again on each to show them.
func (r *runner) compare(ctx context.Context, s *Statement, volatile string) error {
	src, tgt, err := r.check(ctx, s)
	if err != nil {
		return err
	}
	s.Source, s.Target = src.outcome, tgt.outcome
	classify(s, src, tgt, volatile)
	d := rowsDifference(s)
	if d == nil || src.digest.overflow || tgt.digest.overflow {
		return nil
	}
	onlySrc, onlyTgt := rowDiff(src.digest.hashes, tgt.digest.hashes)
	forms := src.forms
	// Rows that may differ only in the last digits of doubles are all
	// fetched, to be paired by value; otherwise only those to show.
	n := total(onlySrc)
	near := hasFloat(forms) && n == total(onlyTgt) && n <= nearRows
	limit := r.o.ShowRows
	if near {
		limit = max(limit, n)
	}
	srcRows, err := r.src.fetch(ctx, s, forms, onlySrc, limit)
	if err != nil {
		return err
	}
	tgtRows, err := r.tgt.fetch(ctx, s, forms, onlyTgt, limit)
	if err != nil {
		return err
	}
	if near && len(srcRows) == n && len(tgtRows) == n {
		if example, ok := nearlyEqual(srcRows, tgtRows, forms); ok {
			s.Differences = slices.DeleteFunc(s.Differences, func(d Difference) bool { return d.Kind == RowsDiff })
			s.Notices = append(s.Notices, fmt.Sprintf("%d %s differ only beyond the last digit doubles compare to "+
				"(source %s, target %s): the same values, computed or summed in another order", n,
				plural(n, "row", "rows"), example[0], example[1]))
			s.Verdict = verdictOf(s)
			return nil
		}
	}
	for i, f := range srcRows {
		if i < r.o.ShowRows {
			d.OnlySource = append(d.OnlySource, f.shown)
		}
	}
	for i, f := range tgtRows {
		if i < r.o.ShowRows {
			d.OnlyTarget = append(d.OnlyTarget, f.shown)
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// check runs s on both servers at once. Both results are opened before
// either is read, so that each column's form can follow both sides' types.
func (r *runner) check(ctx context.Context, s *Statement) (src, tgt *checked, err error) {
	src, tgt = newChecked(r.src), newChecked(r.tgt)
	both := []*checked{src, tgt}
	var wg sync.WaitGroup
	opened := make(chan struct{})
	for _, c := range both {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.open(ctx, s)
			<-opened
			c.drain(ctx)
		}()
	}
	// Wait for both sides to have columns (or an error), then agree forms.
	for _, c := range both {
		<-c.ready
	}
	forms := agreeForms(src.columns, tgt.columns)
	src.forms, tgt.forms = forms, forms
	close(opened)
	wg.Wait()
	for _, c := range both {
		if err := c.finish(ctx); err != nil {
			return nil, nil, err
		}
	}
	return src, tgt, nil
}

// explain records both servers' plans for s and how they differ.
func (r *runner) explain(ctx context.Context, s *Statement, c *Class) error {
	if !isRead(s.SQL) {
		return nil
	}
	pc := &PlanChange{}
	srcPlan, err := r.src.explain(ctx, s)
	if err != nil {
		return err
	}
	tgtPlan, err := r.tgt.explain(ctx, s)
	if err != nil {
		return err
	}
	switch {
	case srcPlan.err != "" || tgtPlan.err != "":
		pc.Error = srcPlan.err
		if pc.Error == "" {
			pc.Error = tgtPlan.err
		}
	default:
		pc.Source, pc.Target = srcPlan.plan.Summary(), tgtPlan.plan.Summary()
		for _, ch := range explainCompare(srcPlan.plan, tgtPlan.plan) {
			pc.Changes = append(pc.Changes, ch.String())
		}
	}
	c.Plan = pc
	return nil
}
