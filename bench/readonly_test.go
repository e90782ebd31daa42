package bench

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckReadOnly(t *testing.T) {
	err := CheckReadOnly([]Query{{Name: "read", SQL: "SELECT 1"}, {Name: "cleanup", SQL: "DELETE FROM t"}, {Name: "mk", SQL: "CREATE TABLE x (a INT)"}})
	if !errors.Is(err, ErrWrites) {
		t.Fatalf("err = %v, want ErrWrites", err)
	}
	for _, want := range []string{"query cleanup starts with DELETE", "query mk starts with CREATE", "--allow-writes"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "query read") {
		t.Errorf("message %q names a read-only query", err)
	}
	if err := CheckReadOnly([]Query{{Name: "read", SQL: "SELECT 1"}}); err != nil {
		t.Errorf("read-only queries refused: %v", err)
	}
}
