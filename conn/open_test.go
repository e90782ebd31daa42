package conn_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

func TestOpen(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		const conns = 4
		p := s.Open(t, "", conns)
		srv := p.Server
		switch s.Name {
		case "old":
			if srv.Flavor != schema.MariaDB || srv.Major != 10 || srv.Minor != 11 {
				t.Errorf("old server = %+v, want MariaDB 10.11", srv)
			}
		case "new":
			if srv.Flavor != schema.MySQL || srv.Major != 9 {
				t.Errorf("new server = %+v, want MySQL 9.x", srv)
			}
		}
		if srv.Endpoint != p.Endpoint.String() || strings.Contains(srv.Endpoint, "parity-test-pw") {
			t.Errorf("Server.Endpoint = %q, want %q", srv.Endpoint, p.Endpoint.String())
		}
		if srv.Version == "" || srv.Hostname == "" {
			t.Errorf("Server = %+v: version or hostname missing", srv)
		}
		if got := p.Stats().MaxOpenConnections; got != conns {
			t.Errorf("MaxOpenConnections = %d, want %d", got, conns)
		}

		isolation, timeout := "@@session.transaction_isolation", "@@session.max_execution_time"
		if srv.Flavor == schema.MariaDB {
			isolation, timeout = "@@session.tx_isolation", "@@session.max_statement_time"
		}
		q := "SELECT CONNECTION_ID(), @@session.time_zone, @@session.net_write_timeout, @@session.net_read_timeout, " +
			isolation + ", " + timeout + ", @@session.character_set_client, @@session.character_set_results, @@session.character_set_connection"

		// Hold every connection of the pool at once, so each setting is
		// checked on distinct connections, and query them concurrently.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		held := make([]*sql.Conn, conns)
		for i := range held {
			c, err := p.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			held[i] = c
		}
		type settings struct {
			id                                int64
			tz, wt, rt, iso, to, cs, csr, csc string
		}
		got := make([]settings, conns)
		errs := make([]error, conns)
		var wg sync.WaitGroup
		for i, c := range held {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g := &got[i]
				errs[i] = c.QueryRowContext(ctx, q).Scan(&g.id, &g.tz, &g.wt, &g.rt, &g.iso, &g.to, &g.cs, &g.csr, &g.csc)
			}()
		}
		wg.Wait()
		ids := map[int64]bool{}
		for i, g := range got {
			if errs[i] != nil {
				t.Fatalf("connection %d: %v", i, errs[i])
			}
			ids[g.id] = true
			want := settings{id: g.id, tz: "+00:00", wt: "3600", rt: "3600", iso: "REPEATABLE-READ", to: "0",
				cs: "utf8mb4", csr: "utf8mb4", csc: "utf8mb4"}
			// max_statement_time is a double on MariaDB: "0.000000".
			if strings.Trim(g.to, "0.") == "" {
				g.to = "0"
			}
			if g != want {
				t.Errorf("connection %d settings:\n got %+v\nwant %+v", i, g, want)
			}
		}
		if len(ids) != conns {
			t.Errorf("%d distinct connection ids among %d held connections", len(ids), conns)
		}
		for _, c := range held {
			c.Close()
		}

		// TIMESTAMP values read back in UTC whatever the server's zone.
		var ts string
		if err := p.QueryRowContext(ctx, "SELECT CAST(FROM_UNIXTIME(0) AS CHAR)").Scan(&ts); err != nil {
			t.Fatal(err)
		}
		if ts != "1970-01-01 00:00:00" {
			t.Errorf("FROM_UNIXTIME(0) = %q, want 1970-01-01 00:00:00", ts)
		}
	})
}

// withConfig parses s's DSN, lets change edit the driver config, and parses
// the result again, as a user would type it.
func withConfig(t *testing.T, s testbed.Server, change func(c *mysql.Config)) *conn.Endpoint {
	t.Helper()
	c, err := mysql.ParseDSN(s.DSN)
	if err != nil {
		t.Fatal(err)
	}
	change(c)
	ep, err := conn.Parse(c.FormatDSN(), conn.Options{Role: "source"})
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

func randomHex(t *testing.T) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// checkFailure asserts the kind of err and that its message names the
// endpoint without the password.
func checkFailure(t *testing.T, err error, kind error, ep *conn.Endpoint, password string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	t.Log(err)
	if !errors.Is(err, kind) {
		t.Errorf("err = %v, want errors.Is %v", err, kind)
	}
	if !strings.Contains(err.Error(), ep.String()) {
		t.Errorf("message %q does not name the endpoint %s", err, ep)
	}
	if password != "" && strings.Contains(err.Error(), password) {
		t.Errorf("message shows the password: %s", err)
	}
}

func TestOpenFailures(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()

		t.Run("wrong password", func(t *testing.T) {
			wrong := "Wrong-Pw-" + randomHex(t)
			ep := withConfig(t, s, func(c *mysql.Config) { c.Passwd = wrong })
			p, err := conn.Open(ctx, ep, 1)
			if p != nil {
				p.Close()
			}
			checkFailure(t, err, conn.ErrAuth, ep, wrong)
			if !strings.Contains(err.Error(), "connect source") {
				t.Errorf("message %q does not say what failed", err)
			}
		})

		t.Run("unreachable", func(t *testing.T) {
			ep := withConfig(t, s, func(c *mysql.Config) { c.Addr = "127.0.0.1:1" })
			start := time.Now()
			p, err := conn.Open(ctx, ep, 1)
			if p != nil {
				p.Close()
			}
			checkFailure(t, err, conn.ErrUnreachable, ep, ep.Config.Passwd)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v to report a refused connection", d)
			}
		})

		t.Run("unknown database", func(t *testing.T) {
			db := "pt_missing_" + randomHex(t)
			ep := withConfig(t, s, func(c *mysql.Config) { c.DBName = db })
			p, err := conn.Open(ctx, ep, 1)
			if p != nil {
				p.Close()
			}
			checkFailure(t, err, conn.ErrUnknownDatabase, ep, ep.Config.Passwd)
			if !strings.Contains(err.Error(), db) {
				t.Errorf("message %q does not name the database", err)
			}
		})
	})
}

func TestPrivilegeError(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db := s.Database(t, "conn")
		admin := s.Open(t, db, 1)
		testbed.Exec(t, admin, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)")

		user := "pt_nopriv_" + randomHex(t)
		password := "NoPriv-Pw-" + randomHex(t)
		account := fmt.Sprintf("'%s'@'127.0.0.1'", user)
		testbed.Exec(t, admin, "CREATE USER "+account+" IDENTIFIED BY '"+password+"'")
		t.Cleanup(func() {
			if _, err := admin.ExecContext(context.Background(), "DROP USER IF EXISTS "+account); err != nil {
				t.Errorf("drop user %s: %v", account, err)
			}
		})
		var grants []string
		rows, err := admin.QueryContext(ctx, "SHOW GRANTS FOR "+account)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var g string
			if err := rows.Scan(&g); err != nil {
				t.Fatal(err)
			}
			grants = append(grants, g)
		}
		rows.Close()
		if len(grants) != 1 || !strings.HasPrefix(grants[0], "GRANT USAGE ON *.*") {
			t.Fatalf("grants of %s = %q, want only USAGE", account, grants)
		}

		ep := withConfig(t, s, func(c *mysql.Config) { c.User, c.Passwd, c.DBName = user, password, "" })
		p, err := conn.Open(ctx, ep, 1)
		if err != nil {
			t.Fatalf("open as %s: %v", user, err)
		}
		defer p.Close()
		table := schema.QuoteIdent(db) + ".t"
		var id int
		err = p.QueryRowContext(ctx, "SELECT id FROM "+table).Scan(&id)
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1142 {
			t.Fatalf("SELECT without privilege: %v, want error 1142", err)
		}
		err = conn.Classify(err, "read "+db+".t", ep)
		checkFailure(t, err, conn.ErrPrivilege, ep, password)
		if !strings.Contains(err.Error(), "read "+db+".t") || !strings.Contains(err.Error(), "grant") {
			t.Errorf("message %q does not say what failed and what to do", err)
		}

		// Naming the database in the DSN fails already at connect (1044).
		epDB := withConfig(t, s, func(c *mysql.Config) { c.User, c.Passwd, c.DBName = user, password, db })
		p2, err := conn.Open(ctx, epDB, 1)
		if p2 != nil {
			p2.Close()
		}
		checkFailure(t, err, conn.ErrPrivilege, epDB, password)
	})
}

// SameServer tells one server reached twice from two servers, on both
// kinds.
func TestSameServer(t *testing.T) {
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	a, b := old.Open(t, "", 2), old.Open(t, "", 2)
	c := nw.Open(t, "", 2)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		x, y *conn.Pool
		want bool
	}{{"old twice", a, b, true}, {"old and new", a, c, false}, {"new and old", c, a, false}, {"new twice", c, c, true}} {
		got, err := conn.SameServer(ctx, tc.x, tc.y)
		if err != nil || got != tc.want {
			t.Errorf("%s: SameServer = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

// TestOpenCapacity: a pool larger than what the server has free is refused
// before any of its connections is opened, with the numbers.
func TestOpenCapacity(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ep := s.Endpoint(t, "")
		p, err := conn.Open(context.Background(), ep, 100000)
		if p != nil {
			p.Close()
		}
		if !errors.Is(err, conn.ErrTooManyConnections) {
			t.Fatalf("err = %v, want ErrTooManyConnections", err)
		}
		for _, want := range []string{"connect " + s.Name + " " + ep.String() + ": 100000 connections wanted, but the server has ",
			"free (max_connections ", "Threads_connected ", "parity leaves ", "(lower --workers)"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		// What the server has room for still opens.
		p, err = conn.Open(context.Background(), ep, 4)
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
	})
}
