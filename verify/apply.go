package verify

import (
	"bufio"
	"context"
	"database/sql/driver"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
)

// Applied is what ApplyFix did to the target, whatever stopped it: the
// data statements whose transaction committed, and those whose transaction
// was rolled back (an interrupt, a failed statement). A fix file groups
// statements in transactions of one table each (a table whose differences
// were found in several chunks may have several), so every transaction is
// either in the target or not at all.
type Applied struct {
	Committed    int      `json:"committed"`                   // data statements in committed transactions
	Transactions int      `json:"transactions_committed"`      // committed transactions
	RolledBack   int      `json:"rolled_back"`                 // data statements run in the transaction that was rolled back
	Tables       []string `json:"tables_committed"`            // tables with a committed transaction, in file order
	Aborted      string   `json:"table_rolled_back,omitempty"` // the table whose transaction was rolled back
	InDoubt      int      `json:"in_doubt,omitempty"`          // statements whose COMMIT failed midway: check the table
	DoubtTable   string   `json:"in_doubt_table,omitempty"`
	Complete     bool     `json:"complete"`             // the whole file ran and committed
	Seconds      float64  `json:"seconds"`              // time spent applying
	Reason       string   `json:"stopped_by,omitempty"` // what stopped it, when not complete
	Where        string   `json:"stopped_at,omitempty"` // file:line of the statement it stopped at

	pending int    // data statements of the open transaction
	table   string // table of the open transaction
	inTx    bool
}

// String is a one-line account for people:
//
//	1796 statements committed in 3 transactions (shop.customers, shop.orders); the transaction of shop.orders was rolled back (120 statements)
func (a *Applied) String() string {
	s := fmt.Sprintf("%d statements committed in %d transactions", a.Committed, a.Transactions)
	if len(a.Tables) > 0 {
		s += " (" + strings.Join(a.Tables, ", ") + ")"
	}
	if a.Aborted != "" || a.RolledBack > 0 {
		s += fmt.Sprintf("; the transaction of %s was rolled back (%d statements)", a.Aborted, a.RolledBack)
	}
	if a.InDoubt > 0 {
		s += fmt.Sprintf("; the COMMIT of %s (%d statements) failed midway: check that table", a.DoubtTable, a.InDoubt)
	}
	return s
}

// commitTimeout bounds a COMMIT that runs on after an interrupt: parity
// lets a COMMIT it has sent finish, so that the report can say whether the
// table was fixed, rather than leave that to chance.
const commitTimeout = 30 * time.Second

// ApplyFix runs a fix SQL file written by FixWriter against the target, on
// one connection, statement by statement, and reports what it committed.
// The file's statements never span a line inside a literal (control
// characters are hex literals), so a statement ends at a line ending in
// ';'. On error or interrupt the open transaction is rolled back, earlier
// tables stay committed, and the error names the statement's line; an
// interrupt returns the context's error.
func ApplyFix(ctx context.Context, pool *conn.Pool, path string) (*Applied, error) {
	a := &Applied{Tables: []string{}}
	start := time.Now()
	defer func() { a.Seconds = time.Since(start).Seconds() }()
	f, err := os.Open(path)
	if err != nil {
		return a, fmt.Errorf("apply fix SQL: %w", err)
	}
	defer f.Close()
	c, err := pool.DB.Conn(ctx)
	if err != nil {
		return a, conn.Classify(err, "apply fix SQL", pool.Endpoint)
	}
	defer func() {
		// The file changed session settings: drop the connection rather
		// than hand it back to the pool.
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
		c.Close()
	}()
	// stop rolls back the open transaction and says why; the connection may
	// be gone already (an interrupt mid-statement drops it), and then the
	// server has rolled back.
	stop := func(line int, why string, err error) (*Applied, error) {
		if a.inTx {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			_, _ = c.ExecContext(rctx, "ROLLBACK")
			cancel()
			a.RolledBack, a.Aborted = a.pending, a.table
			a.pending, a.inTx = 0, false
		}
		a.Reason, a.Where = why, fmt.Sprintf("%s:%d", path, line)
		return a, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var stmt strings.Builder
	line, start0, table := 0, 0, ""
	for sc.Scan() {
		line++
		text := sc.Text()
		if stmt.Len() == 0 {
			if name, ok := strings.CutPrefix(text, "-- table "); ok {
				table = name
			}
			if strings.HasPrefix(text, "--") || strings.TrimSpace(text) == "" {
				continue
			}
			start0 = line
		} else {
			stmt.WriteByte('\n')
		}
		stmt.WriteString(text)
		if !strings.HasSuffix(text, ";") {
			continue
		}
		if ctx.Err() != nil {
			return stop(start0, "interrupted", ctx.Err())
		}
		s := stmt.String()
		stmt.Reset()
		switch {
		case isCommit(s):
			// Once sent, a COMMIT is let finish: its outcome decides what
			// the report says.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
			_, err := c.ExecContext(cctx, s)
			cancel()
			if err != nil {
				a.InDoubt, a.DoubtTable = a.pending, a.table
				a.pending, a.inTx = 0, false
				a.Reason, a.Where = "commit failed", fmt.Sprintf("%s:%d", path, start0)
				return a, conn.Classify(fmt.Errorf("%s line %d: COMMIT: %w", path, start0, err), "apply fix SQL", pool.Endpoint)
			}
			if a.inTx {
				a.Committed += a.pending
				a.Transactions++
				if !slices.Contains(a.Tables, a.table) {
					a.Tables = append(a.Tables, a.table)
				}
			}
			a.pending, a.inTx = 0, false
			continue
		case isBegin(s):
			a.inTx, a.table, a.pending = true, table, 0
		}
		if _, err := c.ExecContext(ctx, s); err != nil {
			if ctx.Err() != nil {
				return stop(start0, "interrupted", ctx.Err())
			}
			return stop(start0, "statement failed", conn.Classify(fmt.Errorf("%s line %d: %w", path, start0, err), "apply fix SQL", pool.Endpoint))
		}
		if isDataStatement(s) {
			if a.inTx {
				a.pending++
			} else {
				a.Committed++ // autocommitted
			}
		}
	}
	if err := sc.Err(); err != nil {
		return stop(line, "unreadable file", fmt.Errorf("apply fix SQL: read %s: %w", path, err))
	}
	if stmt.Len() > 0 {
		return stop(start0, "truncated file", fmt.Errorf("apply fix SQL: %s ends inside a statement (line %d)", path, start0))
	}
	if a.inTx {
		return stop(line, "no COMMIT", fmt.Errorf("apply fix SQL: %s ends inside a transaction (no COMMIT after line %d): rolled back", path, start0))
	}
	a.Complete = true
	return a, nil
}

func isCommit(s string) bool {
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(s), ";"), "COMMIT")
}

func isBegin(s string) bool {
	s = strings.ToUpper(strings.TrimSuffix(strings.TrimSpace(s), ";"))
	return strings.HasPrefix(s, "START TRANSACTION") || s == "BEGIN"
}

func isDataStatement(s string) bool {
	for _, p := range []string{"REPLACE ", "INSERT ", "DELETE "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
