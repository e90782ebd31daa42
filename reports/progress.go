package reports

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
)

// progressInterval is how often Follow redraws: twice a second reads as
// live, and the counters it reads cost nothing next to the work they count.
const progressInterval = 500 * time.Millisecond

// eraseLine takes a terminal's cursor to the start of its line and erases
// the line (ANSI CSI K), so that a shorter text leaves nothing behind.
const eraseLine = "\r\033[K"

// ProgressLine is the line at the bottom of a terminal that a running
// command redraws in place, and the notices printed above it: the one place
// that knows how a terminal rewrites a line. Where the writer is no
// terminal (live false) nothing is drawn and notices are plain lines. Its
// methods may be called from several goroutines.
type ProgressLine struct {
	w    io.Writer
	live bool

	mu    sync.Mutex
	drawn bool
}

// NewProgressLine draws on w when live, which should say whether w is a
// terminal that a person watches.
func NewProgressLine(w io.Writer, live bool) *ProgressLine {
	return &ProgressLine{w: w, live: live}
}

// Draw replaces the line with s.
func (l *ProgressLine) Draw(s string) {
	if !l.live {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprint(l.w, eraseLine+s)
	l.drawn = true
}

// Clear erases the line, so that what is written next starts on a clean
// line.
func (l *ProgressLine) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clear()
}

func (l *ProgressLine) clear() {
	if l.drawn {
		fmt.Fprint(l.w, eraseLine)
		l.drawn = false
	}
}

// Notice prints s on a line of its own where the line was; the next Draw
// puts the line back under it.
func (l *ProgressLine) Notice(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clear()
	fmt.Fprintln(l.w, s)
}

// Follow redraws the line with the progress p of an extraction or a
// verification, labelled, until stop is called, which clears it. Not live,
// it does nothing.
func (l *ProgressLine) Follow(ctx context.Context, label string, p *extract.Progress) (stop func()) {
	if !l.live {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	start := time.Now()
	var done sync.WaitGroup
	done.Add(1)
	go func() {
		defer done.Done()
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				l.Draw(ExtractProgress(label, p, time.Since(start)))
			}
		}
	}()
	return func() {
		cancel()
		done.Wait()
		l.Clear()
	}
}

// DrawBench draws the line on the run r that cell c has just made; it is
// a bench.Options.Progress.
func (l *ProgressLine) DrawBench(c *bench.Cell, r *bench.Measurement) {
	if l.live {
		l.Draw(BenchProgress(c, r))
	}
}

// ExtractProgress is one line on the progress p, elapsed into the run:
// tables done/total, rows, throughput and an ETA from the tables' row
// estimates.
//
//	source [1/4 tables] 500,000 rows, 50.0 MB, 5.0 MB/s, ETA 0:00:10
func ExtractProgress(label string, p *extract.Progress, elapsed time.Duration) string {
	rows, bytes := p.Rows.Load(), p.Bytes.Load()
	s := fmt.Sprintf("%s [%d/%d tables] %s rows, %s MB, %.1f MB/s", label,
		p.TablesDone.Load(), p.TablesTotal.Load(), Count(rows), MB(bytes), float64(bytes)/1e6/elapsed.Seconds())
	if est := p.RowsEstimate.Load(); est > 0 && rows > 0 && rows < est {
		eta := time.Duration(float64(elapsed) * float64(est-rows) / float64(rows))
		s += ", ETA " + Clock(eta)
	}
	return s
}

// BenchProgress is one line on the run r that cell c has just made.
//
//	bench: round 2 run · new · full-scan · sort_buffer_size=2M · 1.37s
func BenchProgress(c *bench.Cell, r *bench.Measurement) string {
	what := "run"
	if r.Warmup {
		what = "warmup"
	}
	line := fmt.Sprintf("bench: round %d %s · %s · %s · %s", r.Round+1, what, c.Target, c.Scenario, c.Settings)
	if r.Error != nil {
		return line + " · " + Truncate(r.Error.String(), 40)
	}
	return line + " · " + Seconds(r.Seconds) + "s"
}
