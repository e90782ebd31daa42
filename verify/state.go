package verify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/extract"
)

// stateVersion changes when the file's meaning does.
const stateVersion = 1

// stateFile is the --state resume file. It records, per table, the finished
// prefix of chunks: how far it reached (the last finished chunk's upper
// bound), the rows of its equal chunks, and the bounds of its differing
// chunks. A resumed run compares the differing chunks again (their rows and
// fix statements are not stored) and plans the rest from where the prefix
// ends. It is written atomically, at most once a second while running, and
// removed when the run completes.
type stateFile struct {
	path    string
	resumed bool

	mu     sync.Mutex
	doc    stateDoc
	tables map[string]*tableState
	dirtyF bool
	broken bool // a write failed and stopped the run: not tried again
}

type stateDoc struct {
	Version int                    `json:"version"`
	Source  string                 `json:"source"`
	Target  string                 `json:"target"`
	Config  string                 `json:"config"` // options that change chunking or hashing
	Tables  map[string]*tableSaved `json:"tables"`
}

// tableSaved is one table's finished prefix.
type tableSaved struct {
	Done       bool         `json:"done,omitempty"`
	NextSeq    int          `json:"next_seq"`
	Lower      []any        `json:"-"`
	LowerJSON  []stateValue `json:"lower,omitempty"`
	Chunks     int          `json:"chunks"`
	SourceRows int64        `json:"source_rows"`
	TargetRows int64        `json:"target_rows"`
	Differing  []savedChunk `json:"differing,omitempty"`
}

type savedChunk struct {
	Seq   int          `json:"seq"`
	Full  bool         `json:"full_scan,omitempty"`
	Lower []stateValue `json:"lower,omitempty"`
	Upper []stateValue `json:"upper,omitempty"`
}

// stateValue keeps a key bound's Go type through JSON: {"i": "-5"},
// {"u": "18446744073709551615"}, {"s": "abc"}, {"b": "<base64>"}.
type stateValue map[string]string

func encodeBound(vals []any) ([]stateValue, error) {
	if vals == nil {
		return nil, nil
	}
	out := make([]stateValue, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case int64:
			out[i] = stateValue{"i": strconv.FormatInt(v, 10)}
		case uint64:
			out[i] = stateValue{"u": strconv.FormatUint(v, 10)}
		case string:
			out[i] = stateValue{"s": v}
		case []byte:
			out[i] = stateValue{"b": base64.StdEncoding.EncodeToString(v)}
		default:
			return nil, fmt.Errorf("key bound %v of type %T cannot be saved", v, v)
		}
	}
	return out, nil
}

func decodeBound(vals []stateValue) ([]any, error) {
	if vals == nil {
		return nil, nil
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		var err error
		switch {
		case v["i"] != "":
			out[i], err = strconv.ParseInt(v["i"], 10, 64)
		case v["u"] != "":
			out[i], err = strconv.ParseUint(v["u"], 10, 64)
		case v["b"] != "" || len(v) == 1 && hasKey(v, "b"):
			out[i], err = base64.StdEncoding.DecodeString(v["b"])
		case hasKey(v, "s"):
			out[i] = v["s"]
		default:
			err = fmt.Errorf("unknown bound value %v", v)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func hasKey(m stateValue, k string) bool { _, ok := m[k]; return ok }

// openState reads the state file (if any) and checks it belongs to this run.
func openState(path string, v *verifier, runs []*tableRun) (*stateFile, error) {
	s := &stateFile{path: path, tables: map[string]*tableState{}}
	s.doc = stateDoc{Version: stateVersion, Source: v.src.Endpoint.String(), Target: v.tgt.Endpoint.String(),
		Config: v.stateConfig(), Tables: map[string]*tableSaved{}}
	if path != "" {
		b, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("read state file: %w", err)
		default:
			var doc stateDoc
			if err := json.Unmarshal(b, &doc); err != nil {
				return nil, fmt.Errorf("state file %s is not a parity verify state (%v); remove it to start over", path, err)
			}
			if doc.Version != stateVersion || doc.Source != s.doc.Source || doc.Target != s.doc.Target || doc.Config != s.doc.Config {
				return nil, fmt.Errorf("state file %s belongs to another run (source %s, target %s, %s); remove it or pass another --state",
					path, doc.Source, doc.Target, doc.Config)
			}
			for name, t := range doc.Tables {
				if t.Lower, err = decodeBound(t.LowerJSON); err != nil {
					return nil, fmt.Errorf("state file %s, table %s: %w", path, name, err)
				}
			}
			s.doc.Tables = doc.Tables
			s.resumed = true
		}
	}
	for _, tr := range runs {
		saved := s.doc.Tables[tr.res.Table]
		if saved == nil {
			saved = &tableSaved{}
			s.doc.Tables[tr.res.Table] = saved
		}
		ts := &tableState{file: s, saved: saved, chunks: map[int]extract.Chunk{}, finished: map[int]chunkOutcome{}}
		ts.next = saved.NextSeq
		tr.state = ts
		tr.res.Chunks += saved.Chunks
		tr.res.SourceRows += saved.SourceRows
		tr.res.TargetRows += saved.TargetRows
		// The differing chunks are compared again and counted then.
		tr.res.Chunks -= len(saved.Differing)
		s.tables[tr.res.Table] = ts
	}
	return s, nil
}

// stateConfig names the options a resumed run must share with the first.
func (v *verifier) stateConfig() string {
	o := v.o
	return fmt.Sprintf("mode=%s chunk-rows=%d chunk-time=%s strict=%t float-tolerance=%g map=%s",
		o.Mode, o.ChunkRows, o.ChunkTime, o.Checksum.Strict, o.Checksum.FloatTolerance, o.Mapping.String())
}

func (s *stateFile) table(name string) *tableSaved {
	if t := s.doc.Tables[name]; t != nil {
		return t
	}
	return &tableSaved{}
}

func (s *stateFile) dirty() {
	s.mu.Lock()
	s.dirtyF = true
	s.mu.Unlock()
}

// autoFlush writes the state once a second while it changes, until
// stopped. A write that fails stops the run at once: the returned context
// is cancelled with that error, and stop returns it, so the run never
// goes on unable to resume.
func (s *stateFile) autoFlush(ctx context.Context) (context.Context, func() error) {
	if s.path == "" {
		return ctx, func() error { return nil }
	}
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	var failed error
	go func() {
		defer close(done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := s.flush(); err != nil {
					failed = fmt.Errorf("%w (the run stops: without its state file it could not resume)", err)
					s.mu.Lock()
					s.broken = true
					s.mu.Unlock()
					cancel(failed)
					return
				}
			}
		}
	}()
	return ctx, func() error { cancel(nil); <-done; return failed }
}

// flush writes the state if it changed, atomically (see atomicfile.Write).
func (s *stateFile) flush() error {
	if s.path == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dirtyF || s.broken {
		return nil
	}
	b, err := json.MarshalIndent(s.doc, "", "  ")
	if err != nil {
		return fmt.Errorf("write state file %s: %w", s.path, err)
	}
	// Owner-only, as before: it holds key values of the tables.
	err = atomicfile.Write(s.path, atomicfile.Options{What: "state file", Perm: 0o600}, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return err
	}
	s.dirtyF = false
	return nil
}

// remove deletes the state of a completed run.
func (s *stateFile) remove() error {
	if s.path == "" {
		return nil
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove state file: %w", err)
	}
	return nil
}

// tableState tracks one table's finished prefix while chunks finish in any
// order.
type tableState struct {
	file     *stateFile
	saved    *tableSaved
	next     int                   // first chunk not yet in the prefix
	chunks   map[int]extract.Chunk // handed out and not yet in the prefix, by seq
	finished map[int]chunkOutcome  // finished beyond the prefix
}

func (t *tableState) begin(ch extract.Chunk) {
	t.file.mu.Lock()
	defer t.file.mu.Unlock()
	t.chunks[ch.Seq] = ch
}

// finish records a compared chunk and extends the prefix while it is
// contiguous.
func (t *tableState) finish(ch extract.Chunk, out chunkOutcome) {
	t.file.mu.Lock()
	defer t.file.mu.Unlock()
	t.finished[ch.Seq] = out
	for {
		o, ok := t.finished[t.next]
		if !ok {
			return
		}
		seq := t.next
		ch := t.chunks[seq]
		s := t.saved
		if o.equal {
			s.Chunks++
			s.SourceRows += o.sourceRows
			s.TargetRows += o.targetRows
		} else {
			lo, err1 := encodeBound(ch.Lower)
			up, err2 := encodeBound(ch.Upper)
			if err1 != nil || err2 != nil {
				return // cannot be saved: the prefix stops here
			}
			s.Differing = append(s.Differing, savedChunk{Seq: seq, Full: ch.Key == nil, Lower: lo, Upper: up})
		}
		if up := ch.Upper; up != nil {
			b, err := encodeBound(up)
			if err != nil {
				return
			}
			s.Lower, s.LowerJSON = up, b
		}
		t.next++
		s.NextSeq = t.next
		delete(t.finished, seq)
		delete(t.chunks, seq)
	}
}

func (t *tableState) markDone() {
	t.file.mu.Lock()
	t.saved.Done = true
	t.file.mu.Unlock()
}

// differingChunks rebuilds the saved differing chunks on tr's key.
func (s *tableSaved) differingChunks(tr *tableRun) []extract.Chunk {
	var out []extract.Chunk
	for _, d := range s.Differing {
		lo, err1 := decodeBound(d.Lower)
		up, err2 := decodeBound(d.Upper)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, tr.chunkAt(d.Seq, d.Full, lo, up))
	}
	slices.SortFunc(out, func(a, b extract.Chunk) int { return a.Seq - b.Seq })
	return out
}
