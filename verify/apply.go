package verify

import (
	"bufio"
	"context"
	"database/sql/driver"
	"fmt"
	"os"
	"strings"

	"github.com/parity-db/parity/conn"
)

// ApplyFix runs a fix SQL file written by FixWriter against the target, on
// one connection, statement by statement, and returns how many ran. The
// file's statements never span a line inside a literal (control characters
// are hex literals), so a statement ends at a line ending in ';'. On error
// the open transaction is rolled back and the statement's line is named.
func ApplyFix(ctx context.Context, pool *conn.Pool, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("apply fix SQL: %w", err)
	}
	defer f.Close()
	c, err := pool.DB.Conn(ctx)
	if err != nil {
		return 0, conn.Classify(err, "apply fix SQL", pool.Endpoint)
	}
	defer func() {
		// The file changed session settings: drop the connection rather
		// than hand it back to the pool.
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
		c.Close()
	}()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var stmt strings.Builder
	line, start, n := 0, 0, 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if stmt.Len() == 0 {
			if strings.HasPrefix(text, "--") || strings.TrimSpace(text) == "" {
				continue
			}
			start = line
		} else {
			stmt.WriteByte('\n')
		}
		stmt.WriteString(text)
		if !strings.HasSuffix(text, ";") {
			continue
		}
		if _, err := c.ExecContext(ctx, stmt.String()); err != nil {
			_, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			return n, conn.Classify(fmt.Errorf("%s line %d: %w", path, start, err), "apply fix SQL", pool.Endpoint)
		}
		if isDataStatement(stmt.String()) {
			n++
		}
		stmt.Reset()
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("apply fix SQL: read %s: %w", path, err)
	}
	if stmt.Len() > 0 {
		return n, fmt.Errorf("apply fix SQL: %s ends inside a statement (line %d)", path, start)
	}
	return n, nil
}

func isDataStatement(s string) bool {
	for _, p := range []string{"REPLACE ", "INSERT ", "DELETE "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
