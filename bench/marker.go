package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// A run that changes global values claims its server first, so that no
// other run takes its temporary values for the originals, whatever restore
// file either uses and whichever host it runs on. The claim has two parts:
//
//   - the named lock parity_bench_globals, held on a connection of its own
//     for as long as the run may change globals: a live run. Another run
//     finds the holder with IS_USED_LOCK and names its pid and host from
//     the connection attributes the driver sends (performance_schema
//     .session_connect_attrs), or from the row below;
//   - a row in parity.bench_globals with the original values, written before
//     the first SET GLOBAL and deleted once they are back: a run killed
//     with SIGKILL (or a lost host) cannot delete it, and its lock is gone,
//     so the next run knows values are still changed and refuses.
//
// A table, like pt-table-checksum's percona.checksums, is the one record a
// server keeps across a client's death that any client can read. It is
// written with sql_log_bin = 0 where the user may set it: it describes this
// server's globals, not data a replica should receive. Rows carry the
// server's identity, so a copy restored on another server is ignored.
const (
	globalsLock = "parity_bench_globals"
	markerTable = "`parity`.`bench_globals`"
)

// markerDDL creates the record; a DBA can run it ahead of time and grant
// only SELECT, INSERT, DELETE on it.
const markerDDL = "CREATE TABLE IF NOT EXISTS " + markerTable + ` (
  run_id       CHAR(16)      NOT NULL PRIMARY KEY,
  server       VARCHAR(255)  NOT NULL,
  pid          BIGINT        NOT NULL,
  host         VARCHAR(255)  NOT NULL,
  started      DATETIME      NOT NULL,
  restore_file VARCHAR(4096) NOT NULL,
  originals    TEXT          NOT NULL,
  KEY (server)
) ENGINE=InnoDB COMMENT='parity bench: global values a run changed and has not put back'`

// ErrGlobalsBusy means another run is changing global values on the server.
var ErrGlobalsBusy = errors.New("another parity bench is changing global settings on this server")

// guard is one target's claim on its server's globals.
type guard struct {
	c      *sql.Conn
	server string // the server's identity, as rows record it
	runID  string

	restoreFile string
	originals   []Assignment
}

// claimGlobals takes the server's globals lock for this run and checks that
// no earlier run left values changed. On error nothing is held.
func claimGlobals(ctx context.Context, t *target) (*guard, error) {
	c, err := t.pool.Conn(ctx)
	if err != nil {
		return nil, conn.Classify(err, "claim global settings on", t.Endpoint)
	}
	g := &guard{c: c}
	fail := func(err error) (*guard, error) {
		g.release()
		return nil, err
	}
	holder, err := takeLock(ctx, c, t.pool.Server)
	if err != nil {
		return fail(conn.Classify(err, "claim global settings on", t.Endpoint))
	}
	if holder != "" {
		return fail(fmt.Errorf("%s: %w: %s holds it; wait until it ends, or stop it (Ctrl-C puts its values back)",
			t.Label, ErrGlobalsBusy, holder))
	}
	if g.server, err = serverIdentity(ctx, c, t.pool.Server); err != nil {
		return fail(conn.Classify(err, "claim global settings on", t.Endpoint))
	}
	// Not replicated where the user may say so; where not, rows name
	// their server and replicas skip them.
	_, _ = c.ExecContext(ctx, "SET SESSION sql_log_bin = 0")
	pending, err := pendingRuns(ctx, c, g.server)
	if n := errorNumber(err); n == erNoSuchTable || n == erBadDB {
		if err = createMarker(ctx, c); err == nil {
			pending, err = pendingRuns(ctx, c, g.server)
		}
	}
	if err != nil {
		return fail(fmt.Errorf("%s: cannot keep the record of changed globals on the server (%s): grant the user "+
			"SELECT, INSERT, DELETE on %s (and CREATE the first time), or create it: %s", t.Label, serverMessage(err),
			markerTable, strings.Join(strings.Fields(markerDDL), " ")))
	}
	if len(pending) > 0 {
		return fail(fmt.Errorf("%s: %w: %s", t.Label, ErrRestorePending, pending[0].explain()))
	}
	return g, nil
}

// takeLock takes the globals lock without waiting; when another
// connection holds it, it returns who.
func takeLock(ctx context.Context, c *sql.Conn, srv schema.Server) (holder string, err error) {
	var got sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", globalsLock).Scan(&got); err != nil {
		return "", err
	}
	if got.Valid && got.Int64 == 1 {
		return "", nil
	}
	var id sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", globalsLock).Scan(&id); err != nil {
		return "", err
	}
	if !id.Valid {
		return "another run (which has just ended: try again)", nil
	}
	return describeConnection(ctx, c, srv, id.Int64), nil
}

// describeConnection names the run behind a connection id: its pid and
// host from the connection attributes (where performance_schema is on),
// its user and client address from the process list.
//
//	pid 4242 on host bastion-1 (connection 57, parity@10.0.0.5:51234)
func describeConnection(ctx context.Context, c *sql.Conn, srv schema.Server, id int64) string {
	attrs := map[string]string{}
	if rows, err := c.QueryContext(ctx, `SELECT ATTR_NAME, ATTR_VALUE FROM performance_schema.session_connect_attrs
		WHERE PROCESSLIST_ID = ? AND ATTR_NAME IN ('_pid', 'parity_host')`, id); err == nil {
		for rows.Next() {
			var k, v string
			if rows.Scan(&k, &v) == nil {
				attrs[k] = v
			}
		}
		rows.Close()
	}
	where := fmt.Sprintf("connection %d", id)
	var user, host sql.NullString
	if err := c.QueryRowContext(ctx, "SELECT USER, HOST FROM "+srv.ProcessList()+" WHERE ID = ?", id).Scan(&user, &host); err == nil {
		where += fmt.Sprintf(", %s@%s", user.String, host.String)
	}
	switch {
	case attrs["_pid"] != "" && attrs["parity_host"] != "":
		return fmt.Sprintf("pid %s on host %s (%s)", attrs["_pid"], attrs["parity_host"], where)
	case attrs["_pid"] != "":
		return fmt.Sprintf("pid %s (%s)", attrs["_pid"], where)
	}
	return fmt.Sprintf("the run on %s (performance_schema is off on %s, so its pid is not known)", where, srv)
}

// serverIdentity tells this server from a copy of its data elsewhere:
// MySQL's server_uuid; MariaDB, which has none, host, port and server_id.
func serverIdentity(ctx context.Context, c *sql.Conn, srv schema.Server) (string, error) {
	q := "SELECT @@server_uuid"
	if srv.Flavor == schema.MariaDB {
		q = "SELECT CONCAT(@@hostname, ':', @@port, '/', @@server_id)"
	}
	var id string
	err := c.QueryRowContext(ctx, q).Scan(&id)
	return id, err
}

func createMarker(ctx context.Context, c *sql.Conn) error {
	if _, err := c.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `parity`"); err != nil {
		return err
	}
	_, err := c.ExecContext(ctx, markerDDL)
	return err
}

// pendingRun is a row of the record: a run that changed globals and has
// not put them back.
type pendingRun struct {
	runID, host, restoreFile string
	pid                      int64
	started                  time.Time
	originals                []Assignment
}

func pendingRuns(ctx context.Context, c *sql.Conn, server string) ([]pendingRun, error) {
	rows, err := c.QueryContext(ctx, "SELECT run_id, pid, host, started, restore_file, originals FROM "+markerTable+
		" WHERE server = ? ORDER BY started", server)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pendingRun
	for rows.Next() {
		var p pendingRun
		var started, originals string
		if err := rows.Scan(&p.runID, &p.pid, &p.host, &started, &p.restoreFile, &originals); err != nil {
			return nil, err
		}
		p.started, _ = time.Parse(time.DateTime, started)
		_ = json.Unmarshal([]byte(originals), &p.originals)
		out = append(out, p)
	}
	return out, rows.Err()
}

// explain says what the dead run left and how to put it back.
func (p pendingRun) explain() string {
	var names, sets []string
	for _, a := range p.originals {
		names = append(names, fmt.Sprintf("%s (originally %s)", a.Name, a.Value))
		sets = append(sets, fmt.Sprintf("SET GLOBAL %s = %s;", a.Name, a.SQLValue()))
	}
	return fmt.Sprintf("the run with pid %d on host %s, started %s, changed %s on this server and ended without putting it back; "+
		"run 'parity bench --restore %s' on %s, or put the values back yourself: %s DELETE FROM %s WHERE run_id = '%s';",
		p.pid, p.host, p.started.Format(time.RFC3339), strings.Join(names, ", "), p.restoreFile, p.host,
		strings.Join(sets, " "), markerTable, p.runID)
}

// record writes the run's row before its first SET GLOBAL.
func (g *guard) record(ctx context.Context, runID, restoreFile string, originals []Assignment) error {
	data, err := json.Marshal(originals)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	g.runID, g.restoreFile, g.originals = runID, restoreFile, originals
	_, err = g.c.ExecContext(ctx, "INSERT IGNORE INTO "+markerTable+
		" (run_id, server, pid, host, started, restore_file, originals) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), ?, ?)",
		runID, g.server, os.Getpid(), host, restoreFile, string(data))
	if err != nil {
		return fmt.Errorf("record the original global values on the server: %w", err)
	}
	return nil
}

// reclaim takes the lock again after the server restarted, which ended
// the connection that held it, and writes the run's row again in case the
// restart lost it. Another run that claimed the server meanwhile ends this
// one.
func (g *guard) reclaim(ctx context.Context, t *target) error {
	if g == nil || g.c.PingContext(ctx) == nil {
		return nil
	}
	g.release()
	c, err := t.pool.Conn(ctx)
	if err != nil {
		return err
	}
	g.c = c
	holder, err := takeLock(ctx, c, t.pool.Server)
	if err != nil {
		return err
	}
	if holder != "" {
		return fmt.Errorf("%s: %w since its restart: %s", t.Label, ErrGlobalsBusy, holder)
	}
	_, _ = c.ExecContext(ctx, "SET SESSION sql_log_bin = 0")
	if g.runID == "" {
		return nil
	}
	return g.record(ctx, g.runID, g.restoreFile, g.originals)
}

// clear deletes the run's row once its values are back.
func (g *guard) clear(ctx context.Context) error {
	if g.runID == "" {
		return nil
	}
	if _, err := g.c.ExecContext(ctx, "DELETE FROM "+markerTable+" WHERE run_id = ?", g.runID); err != nil {
		return fmt.Errorf("remove the record of changed globals: %w", err)
	}
	g.runID = ""
	return nil
}

// release gives up the lock by dropping its connection, which also ends
// the session's sql_log_bin setting.
func (g *guard) release() {
	if g == nil || g.c == nil {
		return
	}
	_ = g.c.Raw(func(any) error { return driver.ErrBadConn })
	_ = g.c.Close()
	g.c = nil
}

// newRunID names a run in the record and its restore file.
func newRunID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// attributed returns ep with connection attributes that let another run
// name this one: the driver sends _pid itself, parity_host says where.
func attributed(ep *conn.Endpoint) *conn.Endpoint {
	host, err := os.Hostname()
	if err != nil || strings.ContainsAny(host, ",:") {
		return ep
	}
	out := *ep
	out.Config = ep.Config.Clone()
	attrs := "program_name:parity,parity_host:" + host
	if out.Config.ConnectionAttributes != "" {
		attrs = out.Config.ConnectionAttributes + "," + attrs
	}
	out.Config.ConnectionAttributes = attrs
	return &out
}

const (
	erBadDB       = 1049
	erNoSuchTable = 1146
)
