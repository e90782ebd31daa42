package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestInspectRetried: a connection lost while the tables are listed is
// replaced and the listing read again, with a notice, also with
// --consistent (no snapshot is open yet); without retries the run fails
// with the lost connection, naming what it was doing and where.
func TestInspectRetried(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "inspect")
		p := s.Open(t, db, 2)
		testbed.Exec(t, p, "CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE items (id INT PRIMARY KEY)")
		sel := schema.Selection{Include: []string{"orders"}}
		fast := conn.Retry{Retries: 2, Base: time.Millisecond}
		for _, consistent := range []Consistency{ConsistencyNone, ConsistencyStrict} {
			var notices []string
			o := Options{Retry: fast, Consistent: consistent, Notify: func(n string) { notices = append(notices, n) }}
			tables, err := Inspect(context.Background(), testbed.Flaky(t, p, 1), sel, o)
			if err != nil {
				t.Fatalf("consistent %v: %v", consistent, err)
			}
			if len(tables) != 1 || tables[0].String() != db+".orders" {
				t.Errorf("consistent %v: tables %v, want %s.orders", consistent, tables, db)
			}
			if len(notices) != 1 || !strings.HasPrefix(notices[0], "read tables failed (attempt 1 of 3): ") ||
				!strings.Contains(notices[0], "invalid connection") {
				t.Errorf("consistent %v: notices %q, want one of the lost connection", consistent, notices)
			}
		}
		_, err := Inspect(context.Background(), testbed.Flaky(t, p, 1), sel, Options{Retry: conn.NoRetry})
		if !errors.Is(err, conn.ErrServerGone) || !strings.Contains(err.Error(), "read tables of "+s.Name+" ") {
			t.Errorf("without retries: %v; want the lost connection, reading the tables of %s", err, s.Name)
		}
	})
}
