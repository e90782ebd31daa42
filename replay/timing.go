package replay

import (
	"context"
	"fmt"
	"slices"

	"github.com/parity-db/parity/stats"
)

// time runs s Warmup+Runs times on each server, alternating which goes
// first, so that a cache warming or a noisy neighbour weighs on both.
func (r *runner) time(ctx context.Context, s *Statement) (*Timing, error) {
	t := &Timing{}
	secs := map[*side][]float64{}
	counters := map[*side][]map[string]int64{}
	for round := range r.o.Warmup + r.o.Runs {
		order := r.sides()
		if round%2 == 1 {
			order = []*side{r.tgt, r.src}
		}
		for _, sd := range order {
			sec, c, err := sd.timed(ctx, s)
			if err != nil {
				se, ferr := sd.failure(ctx, err, false)
				if ferr != nil {
					return nil, ferr
				}
				t.Error = fmt.Sprintf("%s, run %d: %s", sd.label, round+1, se)
				return r.summarize(t, secs, counters), nil
			}
			if round >= r.o.Warmup {
				secs[sd] = append(secs[sd], sec)
				counters[sd] = append(counters[sd], c)
			}
		}
	}
	return r.summarize(t, secs, counters), nil
}

func (r *runner) summarize(t *Timing, secs map[*side][]float64, counters map[*side][]map[string]int64) *Timing {
	a, b := secs[r.src], secs[r.tgt]
	if len(a) == 0 || len(b) == 0 {
		return t
	}
	t.Source, t.Target = stats.Summarize(a), stats.Summarize(b)
	t.Comparison = stats.Compare(a, b)
	t.Verdict = t.Comparison.Verdict(r.o.Threshold)
	t.SourceCounters, t.TargetCounters = medians(counters[r.src]), medians(counters[r.tgt])
	return t
}

// medians is each counter's median over the runs.
func medians(runs []map[string]int64) map[string]int64 {
	if len(runs) == 0 {
		return nil
	}
	values := map[string][]int64{}
	for _, m := range runs {
		for k, v := range m {
			values[k] = append(values[k], v)
		}
	}
	out := make(map[string]int64, len(values))
	for k, vs := range values {
		slices.Sort(vs)
		out[k] = vs[len(vs)/2]
	}
	return out
}
