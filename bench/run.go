package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/measure"
	"github.com/parity-db/parity/schema"
)

// Target is one labelled server: --dsn old=..., --dsn new=....
type Target struct {
	Label    string
	Endpoint *conn.Endpoint
}

// Options describe a grid. Zero values take the defaults.
type Options struct {
	Targets   []Target
	Tables    schema.Selection // tables the built-in scenarios run on
	Scenarios []Scenario       // default full-scan when Tables selects anything
	Queries   []Query
	Settings  []Setting

	Warmup  int           // runs per cell before measuring (default 1; negative for none)
	Runs    int           // measured runs per cell at least (default 5)
	MinTime time.Duration // measure each cell for at least this long in total
	MaxRuns int           // cap for MinTime (default 1000)
	Timeout time.Duration // per run; 0 for none
	Workers int           // extract scenario: parallel readers (default 2)

	// RestoreFile is where original global values are recorded before the
	// first SET GLOBAL (default DefaultRestorePath()). The server keeps a
	// record too (see claimGlobals).
	RestoreFile string
	// Retry is how a run that fails with a transient error (a lost
	// connection, a server restart, a deadlock; see conn.IsTransient) is
	// run again on a new connection. The zero value retries 3 times over
	// about 26 s. A query error that is the cell's result, such as 1038
	// "Out of sort memory", is never retried.
	Retry conn.Retry
	// AllowWrites lets queries change data. Without it every query must be
	// a read-only statement (CheckReadOnly, before anything runs), and the
	// timed session is read-only (SET SESSION TRANSACTION READ ONLY), so a
	// stored function that writes fails too.
	AllowWrites bool
	// Progress, if set, is called after every run.
	Progress func(c *Cell, r *Measurement)
	// Notify, if set, receives one-line notices: a variable a server lacks,
	// a global value about to change, a run about to be retried.
	Notify func(notice string)
}

func (o *Options) setDefaults() {
	if o.Warmup == 0 {
		o.Warmup = 1
	}
	o.Warmup = max(o.Warmup, 0)
	if o.Runs <= 0 {
		o.Runs = 5
	}
	if o.MaxRuns <= 0 {
		o.MaxRuns = 1000
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.RestoreFile == "" {
		o.RestoreFile = DefaultRestorePath()
	}
	if o.Notify == nil {
		o.Notify = func(string) {}
	}
}

// target is a Target while the grid runs.
type target struct {
	Target
	info    *TargetInfo
	pool    *conn.Pool
	sess    *measure.Session
	vars    map[string]Variable
	changed map[string]bool // globals this run has set
	guard   *guard          // the claim on the server's globals, when the grid changes any
}

// Run benchmarks every workload under every point of the settings grid on
// every target. Runs are interleaved (A B C A B C ...) so that drift of the
// machines hits all cells alike. A query that fails is a cell's result, not
// the command's; Run returns an error only when the grid cannot go on (bad
// setup, a server gone, an interrupt), together with what ran before it.
// Global values it changed are put back in every case.
func Run(ctx context.Context, o Options) (res *Result, err error) {
	o.setDefaults()
	if len(o.Targets) == 0 {
		return nil, errors.New("no targets")
	}
	res = &Result{Started: time.Now()}
	defer func() {
		res.Finished = time.Now()
		res.Seconds = res.Finished.Sub(res.Started).Seconds()
		res.summarize()
	}()
	if !o.AllowWrites {
		if err := CheckReadOnly(o.Queries); err != nil {
			return res, err
		}
	}

	targets := make([]*target, 0, len(o.Targets))
	defer func() {
		for _, t := range targets {
			if t.sess != nil {
				t.sess.Close()
			}
			t.guard.release()
			t.pool.Close()
		}
	}()
	for _, tg := range o.Targets {
		// The timed session, the control connection, the globals claim, a spare.
		pool, err := conn.Open(ctx, attributed(tg.Endpoint), 4)
		if err != nil {
			return res, err
		}
		t := &target{Target: tg, pool: pool, changed: map[string]bool{},
			info: &TargetInfo{Label: tg.Label, Endpoint: tg.Endpoint.String(), Server: pool.Server}}
		targets = append(targets, t)
		res.Targets = append(res.Targets, t.info)
	}

	workloads, err := resolveWorkloads(ctx, targets, o)
	if err != nil {
		return res, err
	}
	grid, err := Grid(o.Settings)
	if err != nil {
		return res, err
	}
	globals := false
	for _, t := range targets {
		if err := t.inspect(ctx, o); err != nil {
			return res, err
		}
		globals = globals || t.hasGlobals()
	}
	if err := checkUnknown(ctx, targets, o); err != nil {
		return res, err
	}
	runID := newRunID()
	if globals {
		if err := checkNoRestorePending(o.RestoreFile); err != nil {
			return res, err
		}
		for _, t := range targets {
			if t.hasGlobals() {
				if t.guard, err = claimGlobals(ctx, t); err != nil {
					return res, err
				}
				t.noticeGlobals(o)
			}
		}
	}
	for _, w := range workloads {
		for _, s := range grid {
			for _, t := range targets {
				res.Cells = append(res.Cells, t.newCell(w, s))
			}
		}
	}

	for _, t := range targets {
		if t.sess, err = measure.Open(ctx, t.pool, o.Timeout, !o.AllowWrites); err != nil {
			return res, conn.Classify(err, "open benchmark session on", t.Endpoint)
		}
	}
	if globals {
		if err := writeRestoreFile(o.RestoreFile, targets, runID); err != nil {
			return res, err
		}
		for _, t := range targets {
			if t.guard != nil {
				if err := t.guard.record(ctx, runID, o.RestoreFile, t.originals()); err != nil {
					return res, fmt.Errorf("%s: %w", t.Label, err)
				}
			}
		}
		defer func() {
			restored, rerr := restoreGlobals(ctx, targets, o.RestoreFile)
			res.Restored = restored
			err = errors.Join(err, rerr)
		}()
	}
	byTarget := map[string]*target{}
	for _, t := range targets {
		byTarget[t.Label] = t
	}
	for round := 0; ; round++ {
		ran := false
		for _, c := range res.Cells {
			warmup, ok := c.wants(round, o)
			if !ok {
				continue
			}
			ran = true
			r, err := byTarget[c.Target].run(ctx, c, round, warmup, o)
			if err != nil {
				return res, err
			}
			c.Runs = append(c.Runs, r)
			if r.Error != nil {
				c.Error = r.Error
			}
			if o.Progress != nil {
				o.Progress(c, &c.Runs[len(c.Runs)-1])
			}
		}
		if !ran {
			return res, nil
		}
	}
}

// wants says whether cell c runs in round, and whether as a warmup.
func (c *Cell) wants(round int, o Options) (warmup, ok bool) {
	if c.Error != nil {
		return false, false
	}
	if round < o.Warmup {
		return true, true
	}
	xs := c.Measured()
	var total float64
	for _, x := range xs {
		total += x
	}
	if len(xs) >= o.MaxRuns {
		return false, false
	}
	return false, len(xs) < o.Runs || total < o.MinTime.Seconds()
}

// inspect learns the target's grid variables and reports those it lacks.
func (t *target) inspect(ctx context.Context, o Options) error {
	c, err := t.pool.Conn(ctx)
	if err != nil {
		return conn.Classify(err, "inspect settings on", t.Endpoint)
	}
	defer c.Close()
	vars, err := inspectVariables(ctx, c, t.Label, t.pool.Server, o.Settings)
	if err != nil {
		var se *SetupError
		if errors.As(err, &se) {
			return err
		}
		return conn.Classify(err, "inspect settings on", t.Endpoint)
	}
	t.vars = map[string]Variable{}
	for _, v := range vars {
		t.vars[v.Name] = v
	}
	t.info.Variables = vars
	return nil
}

// checkUnknown refuses a grid variable no target has, which is a typo more
// often than not, naming the closest variable there is; a variable some
// targets lack (MariaDB has no temptable_max_ram) is a notice, and those
// cells run without it.
//
//	--set sort_bufer_size: no such variable on new (MySQL 9.7.4); did you mean sort_buffer_size?
func checkUnknown(ctx context.Context, targets []*target, o Options) error {
	for _, s := range o.Settings {
		var lacking []*target
		for _, t := range targets {
			if t.vars[s.Name].Scope == Unsupported {
				lacking = append(lacking, t)
			}
		}
		if len(lacking) == 0 {
			continue
		}
		hint := ""
		for _, t := range lacking {
			names, err := variableNames(ctx, t.pool)
			if err != nil {
				return conn.Classify(err, "list variables on", t.Endpoint)
			}
			if near, ok := closest(s.Name, names); ok {
				hint = "; did you mean " + near + "?"
				break
			}
		}
		if len(lacking) == len(targets) {
			where := make([]string, len(lacking))
			for i, t := range lacking {
				where[i] = fmt.Sprintf("%s (%s %s)", t.Label, t.pool.Server.Flavor, t.pool.Server.Version)
			}
			return fmt.Errorf("--set %s: no such variable on %s%s", s.Name, strings.Join(where, " or "), hint)
		}
		for _, t := range lacking {
			o.Notify(fmt.Sprintf("%s (%s %s): %s does not exist there; its cells run without it%s",
				t.Label, t.pool.Server.Flavor, t.pool.Server.Version, s.Name, hint))
		}
	}
	return nil
}

// variableNames lists the server's system variables, session and global.
func variableNames(ctx context.Context, pool *conn.Pool) ([]string, error) {
	rows, err := pool.QueryContext(ctx, "SHOW VARIABLES")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		var value sql.RawBytes
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

func (t *target) newCell(w workload, s Settings) *Cell {
	c := &Cell{Target: t.Label, Scenario: w.scenario.Name, Settings: s, workload: w}
	if w.table != nil {
		c.Table = w.table.String()
	}
	c.Query = w.query
	for _, a := range s {
		if t.vars[a.Name].Scope == Unsupported {
			c.Unsupported = append(c.Unsupported, a.Name)
		}
	}
	return c
}

// run runs the cell's workload once, again on a new connection after a
// transient failure (o.Retry): the server restarted, killed the session,
// or the run lost a deadlock. Only the attempt that succeeds is measured.
func (t *target) run(ctx context.Context, c *Cell, round int, warmup bool, o Options) (Measurement, error) {
	what := fmt.Sprintf("%s: %s [%s] round %d", t.Label, c.Workload(), c.Settings, round+1)
	policy := o.Retry.Notifying(what, o.Notify)
	var r Measurement
	retries := 0
	err := policy.Do(ctx, func(ctx context.Context, attempt int) error {
		if attempt > 0 {
			retries++
			if err := t.sess.Reopen(ctx); err != nil {
				return conn.Classify(err, "reconnect to", t.Endpoint)
			}
			// A restart also ended the connection holding the claim.
			if err := t.guard.reclaim(ctx, t); err != nil {
				return err
			}
		}
		var err error
		r, err = t.runCell(ctx, c, round, warmup, o)
		return err
	})
	r.Retries = retries
	if err != nil && ctx.Err() == nil {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return r, err
}

// runCell applies the cell's settings and runs its workload once.
func (t *target) runCell(ctx context.Context, c *Cell, round int, warmup bool, o Options) (Measurement, error) {
	r := Measurement{Round: round, Warmup: warmup}
	if rerr, err := t.apply(ctx, c); err != nil || rerr != nil {
		r.Error = rerr
		return r, err
	}
	if c.workload.scenario.Kind == Extract {
		return t.runExtract(ctx, c, r, o)
	}
	return t.runQuery(ctx, c, r, o)
}

// apply sets the cell's session values on the timed connection and its
// global values server-wide, and notes what the server made of them. A
// value the server rejects ends the cell (a RunError); a lost server ends
// the grid (an error).
func (t *target) apply(ctx context.Context, c *Cell) (*RunError, error) {
	for _, a := range c.Settings {
		v := t.vars[a.Name]
		var err error
		switch v.Scope {
		case Unsupported:
			continue
		case Global:
			t.changed[a.Name] = true
			_, err = t.pool.ExecContext(ctx, "SET GLOBAL "+a.Name+" = "+a.SQLValue())
		default:
			_, err = t.sess.Conn().ExecContext(ctx, "SET SESSION "+a.Name+" = "+a.SQLValue())
		}
		if err != nil {
			if isServerError(err) && !conn.IsTransient(err) {
				return &RunError{Kind: "setting", Code: errorNumber(err),
					Message: fmt.Sprintf("%s=%s: %s", a.Name, a.Value, serverErrorText(err))}, nil
			}
			return nil, conn.Classify(err, "set "+a.Name+" on", t.Endpoint)
		}
		if c.Effective == nil || c.Effective[a.Name] == "" {
			if err := t.noteEffective(ctx, c, a, v.Scope); err != nil {
				return nil, conn.Classify(err, "read "+a.Name+" on", t.Endpoint)
			}
		}
	}
	return nil, nil
}

// noteEffective records the value the server uses when it differs from the
// one asked for.
func (t *target) noteEffective(ctx context.Context, c *Cell, a Assignment, scope Scope) error {
	got, err := readVariable(ctx, t.sess.Conn(), scope, a.Name)
	if err != nil {
		return err
	}
	want := a.Value
	if n, ok := ParseSize(want); ok {
		want = fmt.Sprint(n)
	}
	if got != want && !strings.EqualFold(got, want) {
		if c.Effective == nil {
			c.Effective = map[string]string{}
		}
		c.Effective[a.Name] = got
	}
	return nil
}

// runQuery times one statement on the target's session, with its counters.
func (t *target) runQuery(ctx context.Context, c *Cell, r Measurement, o Options) (Measurement, error) {
	s := t.sess
	mark, err := s.Mark(ctx)
	if err != nil {
		return r, conn.Classify(err, "measure on", t.Endpoint)
	}
	runCtx, cancel := ctx, context.CancelFunc(func() {})
	if o.Timeout > 0 {
		// The server's own limit fires first and keeps the connection; this
		// is the backstop for statements it does not cover.
		runCtx, cancel = context.WithTimeout(ctx, o.Timeout+5*time.Second)
	}
	m, qerr := measure.Scan(runCtx, s.Conn(), c.Query)
	expired := runCtx.Err() != nil
	cancel()
	switch {
	case qerr == nil:
	case ctx.Err() != nil:
		s.KillQuery(ctx)
		return r, ctx.Err()
	case expired:
		s.KillQuery(ctx)
		r.Error = &RunError{Kind: "timeout", Message: fmt.Sprintf("no result after %s; the query was killed", o.Timeout)}
		if err := s.Reopen(ctx); err != nil {
			return r, conn.Classify(err, "reconnect to", t.Endpoint)
		}
		return r, nil
	case isServerError(qerr) && !conn.IsTransient(qerr):
		r.Error = queryError(qerr, o.Timeout) // the cell's result
	default:
		return r, conn.Classify(qerr, "run "+c.Scenario+" on", t.Endpoint)
	}
	r.Seconds, r.FirstRowSeconds, r.Rows, r.Bytes = m.Seconds, m.FirstRow, m.Rows, m.Bytes
	if r.Error != nil {
		return r, nil
	}
	counters, err := s.Since(ctx, mark, c.Query)
	if err != nil {
		return r, conn.Classify(err, "measure on", t.Endpoint)
	}
	r.Status, r.TempTable, r.Statement = counters.Status, counters.TempTable, counters.Statement
	return r, nil
}

// Server error numbers that mean the statement ran out of time.
const (
	erQueryTimeout     = 3024 // MySQL max_execution_time
	erStatementTimeout = 1969 // MariaDB max_statement_time
)

// queryError turns a server error into a cell result.
func queryError(err error, timeout time.Duration) *RunError {
	code := errorNumber(err)
	if code == erQueryTimeout || code == erStatementTimeout {
		return &RunError{Kind: "timeout", Code: code, Message: fmt.Sprintf("stopped by the server after %s", timeout)}
	}
	return &RunError{Kind: "server", Code: code, Message: serverErrorText(err)}
}
