package verify

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/schema"
)

// FixHeader names the two sides in the fix file's header comment, so a DBA
// reading the file knows which way it goes before applying it.
type FixHeader struct {
	Source, Target string // redacted endpoints, e.g. "old 127.0.0.1:23306 (MariaDB 10.11.14)"
	Generated      time.Time
}

// FixTable is the target table a fix statement applies to.
type FixTable struct {
	Table   string   // target table, already qualified and quoted: "`shop`.`orders`"
	Name    string   // unquoted db.table for comments
	Columns []string // unquoted column names, in the order of the literal slices
	Key     []string // unquoted key column names (subset of Columns); empty for a keyless table

	// Target describes the target table's columns, by name. With it,
	// generated columns are never written, and a DELETE names a row by the
	// exact value of each column (the bytes of text, a FLOAT's exact
	// double, a JSON document) rather than by equality under the target's
	// collation, which may match another row. nil treats every column as a
	// plain one.
	Target *schema.Table
	// Flavor is the target's: MySQL compares JSON documents, MariaDB's
	// JSON is text.
	Flavor schema.Flavor
	// MaxStatement bounds a statement's length in bytes; longer values are
	// sent in pieces through user variables. 0 means fixMaxStatement.
	MaxStatement int
	// ResetKeys: the target's index on the key is not unique, so REPLACE
	// cannot replace; a row is fixed by deleting every copy of its key and
	// inserting the source's row.
	ResetKeys bool

	cols *fixColumns // Prepared: the columns looked up once, not per statement
}

// fixColumns is what statements need of a FixTable's columns.
type fixColumns struct {
	target   []*schema.Column // per Columns: the target's column, nil when unknown
	writable []int            // indexes of the Columns a statement may write
	names    []string         // their names
	quoted   string           // their names, quoted and comma-joined
}

// Prepared returns t with its columns looked up once, for tables that
// receive many statements.
func (t FixTable) Prepared() FixTable {
	t.cols = t.columns()
	return t
}

func (t FixTable) columns() *fixColumns {
	if t.cols != nil {
		return t.cols
	}
	c := &fixColumns{target: make([]*schema.Column, len(t.Columns))}
	for i, name := range t.Columns {
		if t.Target != nil {
			c.target[i] = t.Target.Column(name)
		}
		if c.target[i] != nil && c.target[i].Generated {
			continue
		}
		c.writable = append(c.writable, i)
		c.names = append(c.names, name)
	}
	c.quoted = schema.QuoteIdents(c.names)
	return c
}

// FixStatement is one row difference. Values arrive already rendered as SQL
// literals (NULL, 42, X'00ff', a string in quotes): the fix file never
// renders a value itself, so it cannot disagree with the comparison.
type FixStatement struct {
	Kind      string   // "missing" | "changed" | "extra"
	Values    []string // literals for Columns (missing/changed; for keyless extra: the row's values)
	KeyValues []string // literals for Key (changed/extra on keyed tables; also missing, for the comment); nil: taken from Values
	Changed   []string // changed column names (for the comment)
	Count     int      // multiplicity for keyless tables (>=1); 0 means 1

	// Unfixable says why no statement can make the target hold this row
	// (a NOT NULL target column and a NULL source value, a collation that
	// cannot hold two keys the source holds); the file then says so in a
	// comment and counts it by this reason, instead of a statement that
	// would fail or never converge. Detail is this row's particulars for
	// the comment.
	Unfixable string
	Detail    string
	// Relaxed writes the statement under a non-strict sql_mode: the row
	// holds a value strict mode refuses to write, such as an ENUM's error
	// value ''.
	Relaxed bool
}

// FixSkip counts the differences of one reason that the fix file leaves
// out.
type FixSkip struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Kinds of FixStatement.
const (
	fixMissing = "missing" // in the source, not in the target
	fixChanged = "changed" // in both, with different values
	fixExtra   = "extra"   // in the target, not in the source
)

// A keyless missing row repeated n times becomes multi-row INSERTs of at
// most fixInsertRows rows and, unless one row alone is larger, about
// fixInsertBytes of values, well under the 16 MiB max_allowed_packet that
// the mysql client and MariaDB default to.
const (
	fixInsertRows  = 1000
	fixInsertBytes = 1 << 20
)

// fixMaxStatement keeps each statement within the mysql client's default
// max_allowed_packet (16 MiB), with room to spare: a row holding a larger
// value is written in pieces. The mysql client stops a script at the first
// statement it cannot send, so one large row would otherwise leave every
// later table unfixed.
const fixMaxStatement = 16<<20 - 64<<10

// fixRelaxedMode is the sql_mode of a Relaxed statement: not strict, so a
// value such as an ENUM's error value ” is written (with a warning)
// instead of failing the table's transaction.
const fixRelaxedMode = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';\n"

// fixStrictMode restores the session's sql_mode after a Relaxed statement.
const fixStrictMode = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';\n"

// fixSessionSetup makes the apply session independent of the target's
// defaults: utf8mb4 for the literals, UTC for TIMESTAMP literals, strict
// mode so a value that does not fit fails instead of being truncated, yet
// without NO_ZERO_DATE/NO_ZERO_IN_DATE so zero dates copied from the source
// are accepted, and NO_AUTO_VALUE_ON_ZERO so a key 0 stays 0. Foreign keys
// are off so tables can be fixed in any order; the trailer restores them.
const fixSessionSetup = `SET NAMES utf8mb4;
SET time_zone = '+00:00';
` + fixStrictMode + `SET @parity_saved_fk = @@FOREIGN_KEY_CHECKS;
SET FOREIGN_KEY_CHECKS = 0;
`

// FixWriter streams fix statements into a file that appears under its final
// name only when Close succeeds; Abort removes the temporary file. Until
// then it is written as ".<name>.tmp-<pid>-<random>" in the same directory,
// the temporary name atomicfile.Sweep cleans up after a killed run.
//
// Consecutive statements of one table run in one transaction; each change
// of table commits and starts a new one, so tables drilled in parallel give
// several transactions per table, each of which converges on its own.
//
// Not safe for concurrent use: one goroutine owns it, callers serialize.
type FixWriter struct {
	path  string           // final path
	f     *atomicfile.File // written under a temporary name until Close
	buf   []byte           // statement being built, reused
	err   error            // first write failure, already naming the file; sticky
	table string           // quoted table whose transaction is open, "" for none
	n     int              // statements written
	skips []FixSkip        // differences left out, by reason, in first-seen order
	done  bool             // closed or aborted
}

// CreateFixSQL starts the fix file at path under a temporary name and writes
// its header and session setup. The caller owes Close or Abort.
func CreateFixSQL(path string, h FixHeader) (*FixWriter, error) {
	return createFixSQL(path, h, atomicfile.Options{})
}

// createFixSQL is CreateFixSQL with the file's options (tests pass an Open
// that keeps hold of the file, to fail it under the writer).
func createFixSQL(path string, h FixHeader, o atomicfile.Options) (*FixWriter, error) {
	dir, name := filepath.Split(path)
	if name == "" || name == "." || name == ".." {
		return nil, fmt.Errorf("create fix SQL %q: not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	o.What = "fix SQL"
	f, err := atomicfile.Create(filepath.Dir(path), name, o)
	if err != nil {
		return nil, err
	}
	w := &FixWriter{path: path, f: f}
	w.emit(fixAppendHeader(nil, h, name))
	if w.err != nil {
		err := w.err
		_ = w.f.Abort()
		return nil, err
	}
	return w, nil
}

// fixAppendHeader appends the comment block and session setup.
func fixAppendHeader(b []byte, h FixHeader, name string) []byte {
	b = append(b, "-- parity fix SQL: makes TARGET equal to SOURCE\n"...)
	b = fixAppendComment(b, "source:    "+h.Source)
	b = fixAppendComment(b, "target:    "+h.Target)
	b = fixAppendComment(b, "generated: "+h.Generated.UTC().Format(time.RFC3339))
	b = append(b, "-- Review it, then apply it to the TARGET with:\n"...)
	b = fixAppendComment(b, "  mysql --binary-mode --default-character-set=utf8mb4 -h HOST -P PORT -u USER -p < "+name)
	b = append(b, "-- Each run of one table's statements is one transaction (tables verified in parallel alternate);\n"...)
	b = append(b, "-- foreign key checks are off while it runs.\n"...)
	b = append(b, "-- If a statement fails, mysql stops: the open transaction rolls back, the committed ones stay applied;\n"...)
	b = append(b, "-- verify again for a new file.\n\n"...)
	return append(b, fixSessionSetup...)
}

// Write appends the statement that applies s to t, preceded by a comment
// naming it; an Unfixable s becomes a comment saying why, and is counted
// in Skipped. An invalid statement is an error that leaves the file as it
// was; a failed write is sticky and Close then removes the file.
func (w *FixWriter) Write(t FixTable, s FixStatement) error {
	if w.done {
		return fmt.Errorf("write fix SQL %s: already closed or aborted", w.path)
	}
	if w.err != nil {
		return w.err
	}
	b := w.buf
	if t.Table != w.table {
		if w.table != "" {
			b = append(b, "COMMIT;\n"...)
		}
		b = append(b, '\n')
		b = fixAppendComment(b, "table "+t.Name)
		b = append(b, "START TRANSACTION;\n"...)
	}
	var n int
	var err error
	if s.Unfixable != "" {
		b, err = fixAppendUnfixable(b, t, s)
	} else {
		b, n, err = fixAppendStatement(b, t, s, w.flush)
	}
	if w.err != nil {
		return w.err
	}
	if err != nil {
		return fmt.Errorf("write fix SQL %s: %s %s: %w", w.path, s.Kind, t.Name, err)
	}
	if s.Unfixable != "" {
		w.skip(s.Unfixable, max(1, s.Count))
	}
	w.table = t.Table
	w.n += n
	w.emit(b)
	w.keep(b)
	return w.err
}

// skip counts n differences left out for reason.
func (w *FixWriter) skip(reason string, n int) {
	for i := range w.skips {
		if w.skips[i].Reason == reason {
			w.skips[i].Count += n
			return
		}
	}
	w.skips = append(w.skips, FixSkip{Reason: reason, Count: n})
}

// Skipped lists the differences the file leaves out because no statement
// can fix them, by reason.
func (w *FixWriter) Skipped() []FixSkip { return slices.Clone(w.skips) }

// SkippedTotal is how many differences the file leaves out.
func (w *FixWriter) SkippedTotal() int {
	n := 0
	for _, s := range w.skips {
		n += s.Count
	}
	return n
}

// flush writes out a statement built so far, for fixAppendStatement.
func (w *FixWriter) flush(b []byte) ([]byte, error) {
	w.emit(b)
	return b[:0], w.err
}

// keep holds on to b for the next statement, unless one huge row made it
// too large to keep around.
func (w *FixWriter) keep(b []byte) {
	w.buf = b[:0]
	if cap(b) > 4*fixInsertBytes {
		w.buf = nil
	}
}

// Statements is the number of data-changing statements written so far. A
// keyless missing row with a large Count can take several INSERTs.
func (w *FixWriter) Statements() int { return w.n }

// Close commits the last table, writes the trailer, fsyncs the file, renames
// it over any earlier file of that name and fsyncs the directory so the
// rename survives a crash. On any failure, including an earlier failed
// Write, it removes the file and returns the error.
func (w *FixWriter) Close() error {
	if w.done {
		return fmt.Errorf("close fix SQL %s: already closed or aborted", w.path)
	}
	w.done = true
	err := w.commit()
	if err != nil {
		_ = w.f.Abort()
	}
	return err
}

func (w *FixWriter) commit() error {
	b := w.buf
	if w.table != "" {
		b = append(b, "COMMIT;\n"...)
	} else {
		b = append(b, "\n-- no differences\n"...)
	}
	b = append(b, "\nSET FOREIGN_KEY_CHECKS = @parity_saved_fk;\n"...)
	b = append(b, "-- end of parity fix SQL: "...)
	b = strconv.AppendInt(b, int64(w.n), 10)
	if w.n == 1 {
		b = append(b, " statement"...)
	} else {
		b = append(b, " statements"...)
	}
	if n := w.SkippedTotal(); n > 0 {
		b = fmt.Appendf(b, "; %d differences left out, which no statement can fix:", n)
		for _, sk := range w.skips {
			b = fmt.Appendf(b, "\n--   %d: %s", sk.Count, fixCommentSafe.Replace(sk.Reason))
		}
	}
	b = append(b, '\n')
	w.emit(b)
	if w.err != nil {
		return w.err
	}
	_, err := w.f.Commit()
	return err
}

// Abort removes the temporary file (or the final one, if Close renamed it
// but could not make the rename durable). It is a no-op after a successful
// Close, so callers can defer it.
func (w *FixWriter) Abort() error {
	w.done = true
	return w.f.Abort()
}

// emit buffers b; the first failure sticks in w.err (the file's own
// message names the final path and, for a full disk, what to do).
func (w *FixWriter) emit(b []byte) {
	if w.err != nil {
		return
	}
	if _, err := w.f.Write(b); err != nil {
		w.err = err
	}
}
