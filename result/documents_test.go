package result

import (
	"testing"
	"time"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/verify"
)

func TestVerifyFinal(t *testing.T) {
	first, second := &verify.Result{Status: "different"}, &verify.Result{Status: "equal"}
	for _, tt := range []struct {
		name string
		d    Verify
		want *verify.Result
	}{
		{"did not run", Verify{}, nil},
		{"one pass", Verify{Result: first}, first},
		{"after --apply-fix", Verify{Result: first, Reverify: second}, second},
	} {
		if got := tt.d.Final(); got != tt.want {
			t.Errorf("%s: Final() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestExtractStarted(t *testing.T) {
	at := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	done := &ExtractRun{Role: "source", Result: &extract.Result{Started: at}}
	for _, tt := range []struct {
		name string
		runs []*ExtractRun
		want time.Time
	}{
		{"no runs", nil, time.Time{}},
		{"first run finished", []*ExtractRun{done, {Role: "target"}}, at},
		{"first run did not finish", []*ExtractRun{{Role: "source"}, done}, time.Time{}},
	} {
		if got := (&Extract{Runs: tt.runs}).Started(); !got.Equal(tt.want) {
			t.Errorf("%s: Started() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
