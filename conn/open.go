package conn

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/schema"
)

// Pool is an open connection pool with the server it reaches.
type Pool struct {
	*sql.DB
	Endpoint *Endpoint
	Server   schema.Server
}

// Open connects, learns the server's flavor, checks that the server has
// maxConns connections to spare, and returns a pool of at most maxConns
// connections, each set up for reading data faithfully:
//
//	SET time_zone = '+00:00'          -- TIMESTAMP values as UTC, whatever the server zone
//	    net_write_timeout = 3600      -- a slow consumer does not get cut off mid-chunk
//	    transaction_isolation = 'REPEATABLE-READ' (MariaDB: tx_isolation)
//	    max_execution_time = 0        (MariaDB: max_statement_time) -- no global limit kills a long scan
//
// Text values travel as utf8mb4 whatever the column charset; zero dates stay
// text (parseTime=false) so they can be counted, not silently changed. Each
// connection's setup is bounded by the endpoint's ConnectTimeout; queries
// are not.
func Open(ctx context.Context, ep *Endpoint, maxConns int) (*Pool, error) {
	probe, err := open(ep, nil, 1)
	if err != nil {
		return nil, err
	}
	if err := probe.PingContext(ctx); err != nil {
		probe.Close()
		return nil, Classify(err, "connect "+ep.Role, ep)
	}
	srv, err := schema.Identify(ctx, probe, ep.String())
	if err == nil {
		err = checkCapacity(ctx, probe, srv, ep, maxConns)
	}
	probe.Close()
	if err != nil {
		return nil, Classify(err, "connect "+ep.Role, ep)
	}
	isolation, timeout := "transaction_isolation", "max_execution_time"
	if srv.Flavor == schema.MariaDB {
		isolation, timeout = "tx_isolation", "max_statement_time"
	}
	db, err := open(ep, map[string]string{isolation: "'REPEATABLE-READ'", timeout: "0"}, maxConns)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, Classify(err, "connect "+ep.Role, ep)
	}
	return &Pool{DB: db, Endpoint: ep, Server: srv}, nil
}

func open(ep *Endpoint, extra map[string]string, maxConns int) (*sql.DB, error) {
	cfg := ep.Config.Clone()
	cfg.InterpolateParams = true
	cfg.ParseTime = false
	cfg.MultiStatements = false
	// The driver logs connection trouble ("[mysql] unexpected EOF") to
	// stderr on its own; parity reports each failure once, classified.
	cfg.Logger = &mysql.NopLogger{}
	if cfg.Collation == "" {
		cfg.Collation = "utf8mb4_general_ci"
	}
	timeout := ep.ConnectTimeout
	if timeout <= 0 {
		timeout = DefaultConnectTimeout
	}
	cfg.Timeout = timeout
	cfg.DialFunc = dial(timeout)
	// A hook makes the driver copy the configuration for each connection:
	// PREFERRED against a server without TLS clears the copy's TLS, never
	// the configuration the pool's other connections read.
	if err := cfg.Apply(mysql.BeforeConnect(func(context.Context, *mysql.Config) error { return nil })); err != nil {
		return nil, err
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Params["net_write_timeout"] = "3600"
	cfg.Params["net_read_timeout"] = "3600"
	for k, v := range extra {
		cfg.Params[k] = v
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", ep.Role, Redact(err.Error()))
	}
	db := sql.OpenDB(&setupConnector{Connector: connector, timeout: timeout})
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	return db, nil
}
