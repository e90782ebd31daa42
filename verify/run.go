package verify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/fanout"
	"github.com/parity-db/parity/schema"
)

// Run compares the selected tables of two clusters: schemas first, then the
// data of every table present on both sides, chunk by chunk. srcTables are
// the selected source tables; tgtTables the target tables they may map to.
//
// Chunk boundaries come from the source and are applied to both sides, so a
// chunk covers the same keys on each. Where the sides' key collations order
// rows differently, a row may fall in another chunk on the target; the
// drill-down finds it by a lookup on the key (under the server's own
// equality) rather than reporting it missing and extra.
func Run(ctx context.Context, src, tgt *conn.Pool, srcTables, tgtTables []*schema.Table, o Options) (*Result, error) {
	o.setDefaults()
	v := &verifier{src: src, tgt: tgt, o: o}
	v.res = &Result{
		Source:  Side{Endpoint: src.Endpoint.String(), Server: src.Server},
		Target:  Side{Endpoint: tgt.Endpoint.String(), Server: tgt.Server},
		Started: time.Now(),
		Options: OptionsSummary{
			Mode: string(o.Mode), Strict: o.Checksum.Strict, FloatTolerance: o.Checksum.FloatTolerance,
			MaxDiffs: o.MaxDiffs, Recheck: o.Recheck, SchemaOnly: o.SchemaOnly, DataOnly: o.DataOnly,
			Mapping: o.Mapping.String(),
		},
	}
	if err := v.refuseSameTables(ctx, srcTables); err != nil {
		v.finish(err)
		return v.res, err
	}
	report := CompareSchemas(srcTables, tgtTables, o.Mapping, o.Checksum.Strict)
	if err := v.noteHiddenTables(ctx, srcTables, &report); err != nil {
		v.finish(err)
		return v.res, err
	}
	v.res.Schema = []Finding{}
	for _, f := range report.Findings {
		// A table on one side only is rows on one side only: --data-only
		// drops the findings about definitions, never these.
		if !o.DataOnly || f.Kind == "missing_table" || f.Kind == "extra_table" {
			v.res.Schema = append(v.res.Schema, f)
		}
	}
	if o.Fix != nil && !o.SchemaOnly {
		// Fix statements must fit the target's packet limit, and a value
		// beyond it cannot be written at all.
		if err := tgt.DB.QueryRowContext(ctx, "SELECT @@max_allowed_packet").Scan(&v.maxPacket); err != nil {
			v.finish(err)
			return v.res, conn.Classify(err, "read max_allowed_packet", tgt.Endpoint)
		}
	}
	err := v.compareData(ctx, report.Pairs)
	v.finish(err)
	return v.res, err
}

// refuseSameTables fails when a source table maps to itself on a target
// that is the same server, however it was named (another host name, port
// or proxy): comparing a table with itself proves nothing.
func (v *verifier) refuseSameTables(ctx context.Context, srcTables []*schema.Table) error {
	var same []string
	for _, t := range srcTables {
		if ref := (schema.Ref{Schema: t.Schema, Name: t.Name}); v.o.Mapping.Target(ref) == ref {
			same = append(same, ref.String())
		}
	}
	if len(same) == 0 {
		return nil
	}
	one, err := conn.SameServer(ctx, v.src, v.tgt)
	if err != nil || !one {
		return err
	}
	slices.Sort(same)
	if len(same) > 3 {
		same = append(same[:3], fmt.Sprintf("and %d more", len(same)-3))
	}
	return fmt.Errorf("%w: %s and %s are one server, and %s would be compared with itself (point --target at the new cluster, or --map the source schema to another)",
		ErrSameTables, v.src.Endpoint, v.tgt.Endpoint, strings.Join(same, ", "))
}

// noteHiddenTables says, for each side, when the account's privileges may
// hide tables from it (information_schema lists only what it may read),
// and points the missing-table findings at that possibility.
func (v *verifier) noteHiddenTables(ctx context.Context, srcTables []*schema.Table, report *SchemaReport) error {
	srcSchemas, tgtSchemas := map[string]bool{}, map[string]bool{}
	for _, t := range srcTables {
		srcSchemas[t.Schema] = true
		tgtSchemas[v.o.Mapping.Target(schema.Ref{Schema: t.Schema, Name: t.Name}).Schema] = true
	}
	for _, side := range []struct {
		pool    *conn.Pool
		schemas map[string]bool
		name    string
	}{{v.src, srcSchemas, "source"}, {v.tgt, tgtSchemas, "target"}} {
		note, err := schema.HiddenTables(ctx, side.pool.DB, slices.Sorted(maps.Keys(side.schemas)))
		if err != nil {
			return conn.Classify(err, "read the "+side.name+" account's grants", side.pool.Endpoint)
		}
		if note == "" {
			continue
		}
		v.res.Notes = append(v.res.Notes, side.name+": "+note)
		if side.name == "target" {
			for i, f := range report.Findings {
				if f.Kind == "missing_table" {
					report.Findings[i].Message += " (or hidden from the target account by its privileges)"
				}
			}
		}
	}
	return nil
}

type verifier struct {
	src, tgt *conn.Pool
	o        Options
	res      *Result

	kept      atomic.Int64 // row differences listed so far, across tables
	maxPacket int64        // the target's max_allowed_packet, when writing fix SQL
	fixMu     sync.Mutex
	fixErr    error // first fix SQL write error
	throttle  *throttle
	state     *stateFile
	runs      []*tableRun

	hashOnce sync.Once
	hash     rowHash
	hashErr  error
}

func (v *verifier) compareData(ctx context.Context, pairs []TablePair) error {
	v.o.Progress.TablesTotal.Store(int64(len(pairs)))
	var runs []*tableRun
	for _, p := range pairs {
		tr := &TableResult{Table: p.Source.String(), Target: p.Target.String(), Columns: len(p.Columns), pair: p}
		v.res.Tables = append(v.res.Tables, tr)
		if v.o.SchemaOnly {
			tr.Status = StatusSkipped
			continue
		}
		v.o.Progress.RowsEstimate.Add(p.Source.RowsEstimate)
		run, err := v.prepare(ctx, tr)
		if err != nil {
			return err
		}
		runs = append(runs, run)
	}
	v.runs = runs
	if v.o.SchemaOnly {
		return nil
	}
	var err error
	if v.state, err = openState(v.o.State, v, runs); err != nil {
		return err
	}
	v.res.Resumed = v.state.resumed
	v.throttle = newThrottle(v.src, v.tgt, v.o)
	err = v.firstPass(ctx, runs)
	if err == nil {
		err = v.recheck(ctx, runs)
	}
	v.res.PausedSecs = v.throttle.paused().Seconds()
	v.res.Notes = append(v.res.Notes, v.throttle.notes()...)
	if err != nil {
		if serr := v.state.flush(); serr != nil {
			err = errors.Join(err, serr)
		}
		return err
	}
	return v.state.remove()
}

// firstPass plans every table's chunks on the source and compares them,
// o.Workers chunk pairs at a time. The first worker error is the one
// returned: planning stops when the workers' context ends, and that
// cancellation must not hide why it ended.
func (v *verifier) firstPass(ctx context.Context, runs []*tableRun) error {
	fctx, stopFlush := v.state.autoFlush(ctx)
	g, gctx := fanout.WithContext(fctx)
	g.SetLimit(v.o.Workers)
	err := func() error {
		for _, tr := range runs {
			if err := v.planTable(gctx, g, tr); err != nil {
				g.Fail(err) // a planner stopped by a worker's failure does not hide it
				return g.Wait()
			}
		}
		return g.Wait()
	}()
	if ferr := stopFlush(); ferr != nil {
		return ferr // the cause of the cancellation the workers saw
	}
	return err
}

// planTable hands tr's chunks to the workers: first the differing chunks a
// resumed run must look at again, then the chunks after the finished prefix.
func (v *verifier) planTable(ctx context.Context, g *fanout.Group, tr *tableRun) error {
	tr.start = time.Now()
	saved := v.state.table(tr.res.Table)
	for _, ch := range saved.differingChunks(tr) {
		tr.pending.Add(1)
		g.Go(func() error { return v.runChunk(ctx, tr, ch, false) })
	}
	if saved.Done {
		tr.planned.Store(true)
		v.maybeFinishTable(tr)
		return nil
	}
	pl, err := extract.NewPlanner(ctx, v.src, tr.chunkTable, v.o.ChunkTime, v.o.ChunkRows)
	if err != nil {
		return fmt.Errorf("verify %s: %w", tr.res.Table, err)
	}
	tr.planner = pl
	tr.res.Chunking = pl.Method()
	tr.res.FullScan = strings.HasPrefix(tr.res.Chunking, "full scan")
	if saved.Lower != nil {
		if err := pl.Resume(saved.Lower, saved.NextSeq); err != nil {
			return fmt.Errorf("verify %s: %w", tr.res.Table, err)
		}
	}
	next := v.nextChunk
	if tr.crossChunk {
		next = v.nextOrderedChunk
	}
	seq := saved.NextSeq
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ch, ok, err := next(ctx, tr)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if tr.crossChunk {
			// Merged chunks leave gaps in the planner's numbering; the
			// resume state needs consecutive ones.
			ch.Seq = seq
		}
		seq++
		tr.state.begin(ch)
		tr.pending.Add(1)
		g.Go(func() error { return v.runChunk(ctx, tr, ch, true) })
	}
	tr.planned.Store(true)
	v.maybeFinishTable(tr)
	return nil
}

// nextChunk is the planner's next chunk of tr.
func (v *verifier) nextChunk(ctx context.Context, tr *tableRun) (ch extract.Chunk, ok bool, err error) {
	what := "plan chunks of " + tr.res.Table
	err = v.retrying(ctx, what, func(ctx context.Context) error {
		ch, ok, err = tr.planner.Next(ctx)
		return conn.Classify(err, what, v.src.Endpoint)
	})
	if err != nil {
		return ch, false, fmt.Errorf("verify %s: %w", tr.res.Table, err)
	}
	return ch, ok, nil
}

// retrying runs a repeatable read, trying it again after a transient
// failure as o.Retry says, and says so on Notify.
func (v *verifier) retrying(ctx context.Context, what string, read func(ctx context.Context) error) error {
	return v.o.Retry.Notifying(what, v.o.Notify).Do(ctx, func(ctx context.Context, _ int) error { return read(ctx) })
}

// readOn runs read on a connection of pool, a new one for each attempt,
// as retrying does; op names the read in notices and errors.
func (v *verifier) readOn(ctx context.Context, pool *conn.Pool, op string, read func(ctx context.Context, c *sql.Conn) error) error {
	return v.retrying(ctx, op, func(ctx context.Context) error {
		c, err := pool.DB.Conn(ctx)
		if err != nil {
			return conn.Classify(err, op, pool.Endpoint)
		}
		defer c.Close()
		return conn.Classify(read(ctx, c), op, pool.Endpoint)
	})
}

// nextOrderedChunk is the next chunk of a table whose key the target
// collates differently, with bounds in order under the target's collation
// too: the source's chunks [b0, b1), [b1, b2) ... then split the target's
// rows without overlap. A chunk whose upper bound sorts before its lower one
// on the target is merged with the chunks after it until it does not.
func (v *verifier) nextOrderedChunk(ctx context.Context, tr *tableRun) (extract.Chunk, bool, error) {
	ch, ok, err := v.nextChunk(ctx, tr)
	for ok && err == nil && ch.Lower != nil && ch.Upper != nil {
		var ordered bool
		if ordered, err = v.orderedOnTarget(ctx, tr, ch.Lower, ch.Upper); err != nil || ordered {
			break
		}
		var nx extract.Chunk
		if nx, ok, err = v.nextChunk(ctx, tr); err != nil {
			break
		}
		if !ok { // cannot happen: the last chunk is open-ended
			ch.Upper, ok = nil, true
			break
		}
		ch.Upper = nx.Upper
	}
	return ch, ok, err
}

// runChunk compares one chunk in the first pass. fresh is false for the
// differing chunks a resumed run re-examines (already in the state prefix).
func (v *verifier) runChunk(ctx context.Context, tr *tableRun, ch extract.Chunk, fresh bool) error {
	defer func() {
		tr.pending.Add(-1)
		v.maybeFinishTable(tr)
	}()
	if err := v.throttle.wait(ctx); err != nil {
		return err
	}
	final := v.o.Recheck == 0
	out, err := v.compareChunk(ctx, tr, ch, final)
	if err != nil {
		return err
	}
	if tr.planner != nil {
		tr.planner.Observe(ch, out.sourceRows, out.elapsed)
	}
	v.record(tr, ch, out, final)
	if fresh {
		tr.state.finish(ch, out)
		v.state.dirty()
	}
	return nil
}

// record adds a chunk's outcome to its table's result.
func (v *verifier) record(tr *tableRun, ch extract.Chunk, out chunkOutcome, final bool) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	r := tr.res
	r.Chunks++
	r.SourceRows += out.sourceRows
	r.TargetRows += out.targetRows
	r.ZeroDates += out.zeroDates
	if out.equal {
		return
	}
	r.ChunksDiffer++
	if !final {
		tr.differing = append(tr.differing, ch)
		return
	}
	v.addDiffs(tr, out)
}

// addDiffs counts a chunk's final differences and lists them up to
// --max-diffs. The caller holds tr.mu.
func (v *verifier) addDiffs(tr *tableRun, out chunkOutcome) {
	r := tr.res
	r.Missing += out.missing
	r.Extra += out.extra
	r.Changed += out.changed
	r.Diffs = append(r.Diffs, out.diffs...)
	r.DiffsOmitted += out.omitted
}

// recheck re-compares the chunks that differed, up to o.Recheck times,
// waiting o.RecheckWait before each round: a target still applying
// replicated changes converges, and what remains is drilled down.
func (v *verifier) recheck(ctx context.Context, runs []*tableRun) error {
	for round := 1; round <= v.o.Recheck; round++ {
		var todo []func(context.Context) error
		left := 0
		for _, tr := range runs {
			tr.mu.Lock()
			chunks := tr.differing
			tr.differing = nil
			tr.mu.Unlock()
			left += len(chunks)
			for _, ch := range chunks {
				final := round == v.o.Recheck
				todo = append(todo, func(ctx context.Context) error {
					if err := v.throttle.wait(ctx); err != nil {
						return err
					}
					out, err := v.compareChunk(ctx, tr, ch, final)
					if err != nil {
						return err
					}
					tr.mu.Lock()
					defer tr.mu.Unlock()
					switch {
					case out.equal:
						tr.res.Converged++
						tr.res.ChunksDiffer--
					case final:
						v.addDiffs(tr, out)
					default:
						tr.differing = append(tr.differing, ch)
					}
					return nil
				})
			}
		}
		if left == 0 {
			return nil
		}
		v.o.Notify(fmt.Sprintf("recheck %d/%d: %d differing chunks, waiting %s", round, v.o.Recheck, left, v.o.RecheckWait))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(v.o.RecheckWait):
		}
		g, gctx := fanout.WithContext(ctx)
		g.SetLimit(v.o.Workers)
		for _, f := range todo {
			g.Go(func() error { return f(gctx) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

func (v *verifier) maybeFinishTable(tr *tableRun) {
	if !tr.planned.Load() || tr.pending.Load() != 0 {
		return
	}
	if tr.finished.Swap(true) {
		return
	}
	tr.mu.Lock()
	tr.res.Seconds = time.Since(tr.start).Seconds()
	tr.mu.Unlock()
	tr.state.markDone()
	v.state.dirty()
	v.o.Progress.TablesDone.Add(1)
}

// finish derives the statuses and totals. After a failure (err != nil) a
// table that was not compared to the end is incomplete, not equal, unless
// a difference was already found in it; so is the run.
func (v *verifier) finish(err error) {
	r := v.res
	r.Seconds = time.Since(r.Started).Seconds()
	finished := make(map[*TableResult]bool, len(v.runs))
	for _, tr := range v.runs {
		if tr.finished.Load() {
			finished[tr.res] = true
		}
	}
	different := false
	for _, f := range r.Schema {
		if f.Severity == Difference {
			different = true
		}
	}
	for _, tr := range v.runs {
		if n := tr.overflowed.Load(); n > 0 {
			tr.res.ModeNote = joinNote(tr.res.ModeNote, fmt.Sprintf("%d chunks streamed: a row's text exceeded the server's max_allowed_packet in the pushdown checksum", n))
		}
	}
	for _, t := range r.Tables {
		if t.Status == StatusSkipped {
			continue
		}
		slices.SortFunc(t.Diffs, compareDiffs)
		t.Status = StatusEqual
		switch {
		case t.Differing() > 0 || t.ChunksDiffer > 0:
			t.Status = StatusDifferent
			different = true
		case err != nil && !finished[t]:
			t.Status = StatusIncomplete
		}
		r.RowDiffs += t.Differing()
		r.Kept += int64(len(t.Diffs))
	}
	if v.o.Fix != nil {
		r.Fix = &FixSummary{Statements: v.o.Fix.Statements(), LeftOut: v.o.Fix.SkippedTotal(), Reasons: v.o.Fix.Skipped()}
	}
	switch {
	case different:
		r.Status = StatusDifferent
	case err != nil:
		r.Status = StatusIncomplete
	default:
		r.Status = StatusEqual
	}
}

// compareDiffs orders listed differences by chunk, then kind and key, so
// reports do not depend on worker timing.
func compareDiffs(a, b RowDiff) int {
	if a.Chunk != b.Chunk {
		return a.Chunk - b.Chunk
	}
	if c := strings.Compare(a.sortKey, b.sortKey); c != 0 {
		return c
	}
	return strings.Compare(a.Kind, b.Kind)
}

// Equal reports whether the run found the clusters equal.
func (r *Result) Equal() bool { return r.Status == StatusEqual }

// checksumSide maps the package's sides.
func checksumSide(source bool) checksum.Side {
	if source {
		return checksum.Source
	}
	return checksum.Target
}
