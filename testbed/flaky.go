package testbed

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
)

// Flaky is a pool on p's server whose first n connections are lost at
// their first statement: it fails with the driver's "invalid connection",
// as on a connection the server killed or a restart cut, and so does every
// later one, until the pool drops the connection. The connections after
// them work. So a test proves, without racing a KILL, that what fails on a
// lost connection is tried again. The pool is closed when the test ends.
func Flaky(t testing.TB, p *conn.Pool, n int) *conn.Pool {
	t.Helper()
	cfg := p.Endpoint.Config.Clone()
	cfg.InterpolateParams = true
	cfg.Logger = &mysql.NopLogger{}
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatalf("flaky pool on %s: %v", p.Endpoint, err)
	}
	fc := &flakyConnector{Connector: c}
	fc.lost.Store(int64(n))
	db := sql.OpenDB(fc)
	t.Cleanup(func() { db.Close() })
	return &conn.Pool{DB: db, Endpoint: p.Endpoint, Server: p.Server}
}

type flakyConnector struct {
	driver.Connector
	lost atomic.Int64 // connections still to lose
}

func (c *flakyConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &flakyConn{Conn: dc, lost: c.lost.Add(-1) >= 0}, nil
}

// flakyConn passes every call on to the driver's connection unless lost.
type flakyConn struct {
	driver.Conn
	lost bool
}

func (c *flakyConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.lost {
		return nil, mysql.ErrInvalidConn
	}
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *flakyConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if c.lost {
		return nil, mysql.ErrInvalidConn
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *flakyConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.lost {
		return nil, mysql.ErrInvalidConn
	}
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *flakyConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.lost {
		return nil, mysql.ErrInvalidConn
	}
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *flakyConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}

func (c *flakyConn) ResetSession(ctx context.Context) error {
	if c.lost {
		return driver.ErrBadConn
	}
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *flakyConn) IsValid() bool {
	return !c.lost && c.Conn.(driver.Validator).IsValid()
}
