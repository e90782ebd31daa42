package result

import (
	"context"
	"errors"
	"testing"

	"github.com/parity-db/parity/conn"
)

func TestStatusOf(t *testing.T) {
	conn.RegisterSecret("s3cret-status-of")
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name                string
		ctx                 context.Context
		err                 error
		wantStatus, wantMsg string
	}{
		{"no error", live, nil, OK, ""},
		{"no error after cancel", cancelled, nil, OK, ""},
		{"failure", live, errors.New("connect source: refused"), Failed, "connect source: refused"},
		{"password redacted", live, errors.New("open app:s3cret-status-of@tcp(db:3306)/shop: refused"), Failed, "open app:***@tcp(db:3306)/shop: refused"},
		{"cancelled", cancelled, context.Canceled, Interrupted, Interrupted},
		{"any error once cancelled", cancelled, errors.New("read chunk: bad connection"), Interrupted, Interrupted},
	} {
		status, msg := StatusOf(tt.ctx, tt.err)
		if status != tt.wantStatus || msg != tt.wantMsg {
			t.Errorf("%s: StatusOf = %q, %q; want %q, %q", tt.name, status, msg, tt.wantStatus, tt.wantMsg)
		}
	}
}
