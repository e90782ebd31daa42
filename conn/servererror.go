package conn

import (
	"errors"

	"github.com/go-sql-driver/mysql"
)

// ServerError unpacks an error the server sent: its number and its message
// without the number ("Table 'db.t' doesn't exist" for 1146). It is the one
// place that knows the driver's error type, so no other package needs the
// driver to read an error number. ok is false for errors that did not come
// from the server: the network, the driver itself, a context.
func ServerError(err error) (number uint16, message string, ok bool) {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return 0, "", false
	}
	return me.Number, me.Message, true
}

// ServerErrorNumber is the number of an error the server sent; ok is false
// for any other error.
func ServerErrorNumber(err error) (number uint16, ok bool) {
	number, _, ok = ServerError(err)
	return number, ok
}
