package conn_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
)

func TestServerError(t *testing.T) {
	server := &mysql.MySQLError{Number: 1146, Message: "Table 'd.t' doesn't exist"}
	tests := []struct {
		name    string
		err     error
		number  uint16
		message string
		ok      bool
	}{
		{"server error", server, 1146, "Table 'd.t' doesn't exist", true},
		{"wrapped", fmt.Errorf("read d.t: %w", server), 1146, "Table 'd.t' doesn't exist", true},
		{"classified", conn.Classify(server, "read d.t", nil), 1146, "Table 'd.t' doesn't exist", true},
		{"driver", mysql.ErrInvalidConn, 0, "", false},
		{"network", io.ErrUnexpectedEOF, 0, "", false},
		{"context", context.Canceled, 0, "", false},
		{"nil", nil, 0, "", false},
		{"other", errors.New("1146"), 0, "", false},
	}
	for _, tc := range tests {
		n, msg, ok := conn.ServerError(tc.err)
		if n != tc.number || msg != tc.message || ok != tc.ok {
			t.Errorf("%s: ServerError = %d, %q, %v; want %d, %q, %v", tc.name, n, msg, ok, tc.number, tc.message, tc.ok)
		}
		if n, ok := conn.ServerErrorNumber(tc.err); n != tc.number || ok != tc.ok {
			t.Errorf("%s: ServerErrorNumber = %d, %v; want %d, %v", tc.name, n, ok, tc.number, tc.ok)
		}
	}
}
