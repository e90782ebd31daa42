package bench

import (
	"fmt"

	"github.com/parity-db/parity/conn"
)

// isServerError reports whether err came from the server (the connection is
// fine) rather than from the network or the driver.
func isServerError(err error) bool {
	_, ok := conn.ServerErrorNumber(err)
	return ok
}

// errorNumber is the server's error number, or 0 for other errors.
func errorNumber(err error) uint16 {
	n, _ := conn.ServerErrorNumber(err)
	return n
}

// serverErrorText is the server's message without its number.
func serverErrorText(err error) string {
	if _, msg, ok := conn.ServerError(err); ok {
		return msg
	}
	return err.Error()
}

// serverMessage renders a server error as "ERROR 1227: message", the way the
// mysql client does, so a DBA can search for it.
func serverMessage(err error) string {
	if n, msg, ok := conn.ServerError(err); ok {
		return fmt.Sprintf("ERROR %d: %s", n, msg)
	}
	return err.Error()
}
