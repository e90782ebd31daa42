package reports

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/parity-db/parity/extract"
)

// ProgressLine redraws one status line on a terminal while an extraction
// runs: tables done/total, rows, throughput and an ETA from the tables' row
// estimates. Stop erases it so the summary starts on a clean line.
type ProgressLine struct {
	w     io.Writer
	label string
	p     *extract.Progress
	start time.Time

	stop context.CancelFunc
	done sync.WaitGroup
	last int
}

// StartProgress begins redrawing every interval until Stop.
func StartProgress(ctx context.Context, w io.Writer, label string, p *extract.Progress, interval time.Duration) *ProgressLine {
	ctx, cancel := context.WithCancel(ctx)
	l := &ProgressLine{w: w, label: label, p: p, start: time.Now(), stop: cancel}
	l.done.Add(1)
	go func() {
		defer l.done.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				l.draw()
			}
		}
	}()
	return l
}

// Line renders the status as text.
func (l *ProgressLine) Line() string {
	elapsed := time.Since(l.start)
	rows, bytes := l.p.Rows.Load(), l.p.Bytes.Load()
	s := fmt.Sprintf("%s [%d/%d tables] %s rows, %s MB, %.1f MB/s", l.label,
		l.p.TablesDone.Load(), l.p.TablesTotal.Load(), Count(rows), MB(bytes), float64(bytes)/1e6/elapsed.Seconds())
	if est := l.p.RowsEstimate.Load(); est > 0 && rows > 0 && rows < est {
		eta := time.Duration(float64(elapsed) * float64(est-rows) / float64(rows))
		s += ", ETA " + Clock(eta)
	}
	return s
}

func (l *ProgressLine) draw() {
	s := l.Line()
	pad := ""
	if n := l.last - len(s); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	l.last = len(s)
	fmt.Fprintf(l.w, "\r%s%s", s, pad)
}

// Stop ends the redraws and clears the line.
func (l *ProgressLine) Stop() {
	l.stop()
	l.done.Wait()
	if l.last > 0 {
		fmt.Fprintf(l.w, "\r%s\r", strings.Repeat(" ", l.last))
	}
}
