package conn

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/parity-db/parity/schema"
)

// capacityMargin is how many of a server's free connections parity leaves
// to others: a tenth of max_connections, at least 5, so that the
// application (and an operator's emergency session) can still connect
// while parity runs.
func capacityMargin(maxConnections int) int {
	return max(5, maxConnections/10)
}

// checkCapacity refuses a pool of need connections that would take what
// the server has left: max_connections minus Threads_connected minus the
// margin, and the account's max_user_connections minus its open sessions.
func checkCapacity(ctx context.Context, db *sql.DB, srv schema.Server, ep *Endpoint, need int) error {
	var maxConns, maxUser int
	if err := db.QueryRowContext(ctx, "SELECT @@GLOBAL.max_connections, @@SESSION.max_user_connections").Scan(&maxConns, &maxUser); err != nil {
		return fmt.Errorf("read max_connections: %w", err)
	}
	var name, value string
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Threads_connected'").Scan(&name, &value); err != nil {
		return fmt.Errorf("read Threads_connected: %w", err)
	}
	connected, err := strconv.Atoi(value)
	if err != nil {
		return fmt.Errorf("read Threads_connected: %q is not a number", value)
	}
	margin := capacityMargin(maxConns)
	if free := maxConns - connected; need > free-margin {
		return &Error{Kind: ErrTooManyConnections, Op: "connect " + ep.Role, Endpoint: ep.String(), Err: fmt.Errorf("%d connections wanted, but the server has %d free "+
			"(max_connections %d, Threads_connected %d) and parity leaves %d of them to others",
			need, max(free, 0), maxConns, connected, margin), Hint: "lower --workers"}
	}
	if maxUser <= 0 {
		return nil
	}
	// Without the PROCESS privilege the process list shows the account's
	// own sessions: what max_user_connections counts.
	var open int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+srv.ProcessList()+" WHERE USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)").Scan(&open); err != nil {
		return fmt.Errorf("count the account's sessions: %w", err)
	}
	if need > maxUser-open {
		return &Error{Kind: ErrTooManyConnections, Op: "connect " + ep.Role, Endpoint: ep.String(), Err: fmt.Errorf("%d connections wanted, but user %s may open %d more "+
			"(max_user_connections %d, %d open)", need, ep.Config.User, max(maxUser-open, 0), maxUser, open), Hint: "lower --workers"}
	}
	return nil
}
