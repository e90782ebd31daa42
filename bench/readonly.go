package bench

import (
	"errors"
	"fmt"

	"github.com/parity-db/parity/querylog"
)

// ErrWrites means a benchmark query would change the server and writes
// were not allowed.
var ErrWrites = errors.New("query would change the server")

// CheckReadOnly refuses, before anything runs, each query that cannot run
// in a read-only transaction, as querylog.Writes judges it: a statement
// other than SELECT, WITH, TABLE, VALUES, SHOW, EXPLAIN, DESCRIBE, CHECKSUM
// TABLE or DO; a WITH that ends in UPDATE, DELETE or INSERT; EXPLAIN ANALYZE
// of a data change (it runs it); and INTO OUTFILE or DUMPFILE, which write a
// file on the server. The read-only session (SET SESSION TRANSACTION READ
// ONLY) catches the rest when it runs, such as a stored function that writes.
func CheckReadOnly(queries []Query) error {
	var errs []error
	for _, q := range queries {
		if why := querylog.Writes(q.SQL); why != "" {
			errs = append(errs, fmt.Errorf("query %s %s", q.Name, why))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w; benchmark queries run in read-only transactions: pass --allow-writes to run them anyway, "+
		"on a server whose data may change", ErrWrites, errors.Join(errs...))
}
