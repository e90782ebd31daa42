package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
)

func TestProgressLine(t *testing.T) {
	for _, tt := range []struct {
		live bool
		want string
	}{
		{true, "\r\033[Kcopying a long table\r\033[Kparity: retrying\n\r\033[Kshort\r\033[K"},
		{false, "parity: retrying\n"},
	} {
		var buf bytes.Buffer
		l := NewProgressLine(&buf, tt.live)
		l.Draw("copying a long table")
		l.Notice("parity: retrying")
		l.Draw("short")
		l.Clear()
		l.Clear() // nothing drawn: nothing to erase
		if got := buf.String(); got != tt.want {
			t.Errorf("live %v: wrote %q, want %q", tt.live, got, tt.want)
		}
	}
}

func TestProgressLineFollow(t *testing.T) {
	p := &extract.Progress{}
	p.TablesTotal.Store(2)
	var buf bytes.Buffer
	stop := NewProgressLine(&buf, false).Follow(context.Background(), "source", p)
	stop()
	if buf.Len() != 0 {
		t.Errorf("not live, Follow wrote %q", buf.String())
	}
	l := NewProgressLine(&buf, true)
	stop = l.Follow(context.Background(), "source", p)
	time.Sleep(progressInterval + progressInterval/2)
	stop()
	got := buf.String()
	if !strings.HasPrefix(got, "\r\033[Ksource [0/2 tables] 0 rows") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("Follow wrote %q: want the progress drawn, then erased", got)
	}
}

func TestExtractProgress(t *testing.T) {
	p := &extract.Progress{}
	p.TablesTotal.Store(4)
	p.TablesDone.Store(1)
	p.Rows.Store(500_000)
	p.Bytes.Store(50_000_000)
	p.RowsEstimate.Store(1_000_000)
	const want = "source [1/4 tables] 500,000 rows, 50.0 MB, 5.0 MB/s, ETA 0:00:10"
	if got := ExtractProgress("source", p, 10*time.Second); got != want {
		t.Errorf("ExtractProgress = %q, want %q", got, want)
	}
	p.Rows.Store(1_000_000) // done as estimated: no ETA
	if got := ExtractProgress("source", p, 10*time.Second); strings.Contains(got, "ETA") {
		t.Errorf("ExtractProgress = %q, want no ETA", got)
	}
}

func TestBenchProgress(t *testing.T) {
	c := &bench.Cell{Target: "new", Scenario: "full-scan", Settings: bench.Settings{{Name: "sort_buffer_size", Value: "2M"}}}
	for _, tt := range []struct {
		r    bench.Measurement
		want string
	}{
		{bench.Measurement{Round: 1, Seconds: 1.372}, "bench: round 2 run · new · full-scan · sort_buffer_size=2M · 1.37s"},
		{bench.Measurement{Warmup: true, Error: &bench.RunError{Kind: "server", Code: 1038, Message: "Out of sort memory, consider increasing the server's sort buffer size"}},
			"bench: round 1 warmup · new · full-scan · sort_buffer_size=2M · "},
	} {
		got := BenchProgress(c, &tt.r)
		if !strings.HasPrefix(got, tt.want) || tt.r.Error == nil && got != tt.want {
			t.Errorf("BenchProgress = %q, want %q", got, tt.want)
		}
	}
	var buf bytes.Buffer
	NewProgressLine(&buf, true).DrawBench(c, &bench.Measurement{Seconds: 2})
	if got, want := buf.String(), "\r\033[Kbench: round 1 run · new · full-scan · sort_buffer_size=2M · 2.00s"; got != want {
		t.Errorf("DrawBench wrote %q, want %q", got, want)
	}
}
