package verify

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
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
	Columns []string // unquoted column names, in the order of the literal slices; no generated columns
	Key     []string // unquoted key column names (subset of Columns); empty for a keyless table
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

// fixSessionSetup makes the apply session independent of the target's
// defaults: utf8mb4 for the literals, UTC for TIMESTAMP literals, strict
// mode so a value that does not fit fails instead of being truncated, yet
// without NO_ZERO_DATE/NO_ZERO_IN_DATE so zero dates copied from the source
// are accepted, and NO_AUTO_VALUE_ON_ZERO so a key 0 stays 0. Foreign keys
// are off so tables can be fixed in any order; the trailer restores them.
const fixSessionSetup = `SET NAMES utf8mb4;
SET time_zone = '+00:00';
SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';
SET @parity_saved_fk = @@FOREIGN_KEY_CHECKS;
SET FOREIGN_KEY_CHECKS = 0;
`

// FixWriter streams fix statements into a file that appears under its final
// name only when Close succeeds; Abort removes the temporary file. Until
// then it is written as ".<name>.tmp-<pid>-<random>" in the same directory,
// the temporary name sink.SweepStale cleans up after a killed run.
//
// Statements for one table run in one transaction; callers should write a
// table's statements together, as each change of table commits and starts
// a new transaction.
//
// Not safe for concurrent use: one goroutine owns it, callers serialize.
type FixWriter struct {
	path  string     // final path
	f     *sink.File // written under a temporary name until Close
	buf   []byte     // statement being built, reused
	err   error      // first write failure, already naming the file; sticky
	table string     // quoted table whose transaction is open, "" for none
	n     int        // statements written
	done  bool       // closed or aborted
}

// CreateFixSQL starts the fix file at path under a temporary name and writes
// its header and session setup. The caller owes Close or Abort.
func CreateFixSQL(path string, h FixHeader) (*FixWriter, error) {
	dir, name := filepath.Split(path)
	if name == "" || name == "." || name == ".." {
		return nil, fmt.Errorf("create fix SQL %q: not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	f, err := sink.CreateFile(filepath.Dir(path), name, "fix SQL")
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
	b = append(b, "-- Statements run in one transaction per table; foreign key checks are off while it runs.\n"...)
	b = append(b, "-- If a statement fails, mysql stops: that table's transaction rolls back, earlier tables stay fixed.\n\n"...)
	return append(b, fixSessionSetup...)
}

// Write appends the statement that applies s to t, preceded by a comment
// naming it. An invalid statement is an error that leaves the file as it
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
	b, n, err := fixAppendStatement(b, t, s, w.flush)
	if w.err != nil {
		return w.err
	}
	if err != nil {
		return fmt.Errorf("write fix SQL %s: %s %s: %w", w.path, s.Kind, t.Name, err)
	}
	w.table = t.Table
	w.n += n
	w.emit(b)
	w.keep(b)
	return w.err
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
		b = append(b, " statement\n"...)
	} else {
		b = append(b, " statements\n"...)
	}
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

type fixFlush func(b []byte) ([]byte, error)

// fixAppendStatement appends the comment and SQL for s and returns how many
// statements it wrote. It checks s before it appends or flushes anything,
// so an invalid s leaves no trace. For example, a changed row of a keyed
// table:
//
//	-- changed shop.orders id=42: status, total
//	REPLACE INTO `shop`.`orders` (`id`, `status`, `total`) VALUES (42, 'paid', 9.50);
//
// and three extra copies of a row of a keyless table:
//
//	-- extra shop.log (keyless) x3
//	DELETE FROM `shop`.`log` WHERE `at` <=> 1 AND `msg` <=> NULL LIMIT 3;
func fixAppendStatement(b []byte, t FixTable, s FixStatement, flush fixFlush) ([]byte, int, error) {
	if t.Table == "" || len(t.Columns) == 0 {
		return b, 0, errors.New("table has no name or no columns")
	}
	count := s.Count
	if count == 0 {
		count = 1
	}
	if count < 0 {
		return b, 0, fmt.Errorf("count %d is negative", s.Count)
	}
	keyed := len(t.Key) > 0
	switch s.Kind {
	case fixMissing, fixChanged, fixExtra:
	default:
		return b, 0, fmt.Errorf("unknown kind %q (want missing, changed or extra)", s.Kind)
	}
	// Only an extra row of a keyed table is identified by its key alone.
	if (s.Kind != fixExtra || !keyed) && len(s.Values) != len(t.Columns) {
		return b, 0, fmt.Errorf("%d values for %d columns", len(s.Values), len(t.Columns))
	}
	if !keyed {
		return fixAppendKeyless(b, t, s, count, flush)
	}
	if count != 1 {
		return b, 0, fmt.Errorf("count %d on a keyed table (rows are unique by key)", count)
	}
	kv, err := fixKeyValues(t, s)
	if err != nil {
		return b, 0, err
	}
	comment := s.Kind + " " + t.Name + " " + fixKeyText(t.Key, kv)
	if s.Kind == fixChanged && len(s.Changed) > 0 {
		comment += ": " + strings.Join(s.Changed, ", ")
	}
	b = fixAppendComment(b, comment)
	if s.Kind == fixExtra {
		b = append(b, "DELETE FROM "...)
		b = append(b, t.Table...)
		b = fixAppendWhere(b, t.Key, kv, false)
		return append(b, " LIMIT 1;\n"...), 1, nil
	}
	b = append(b, "REPLACE INTO "...)
	b = append(b, t.Table...)
	b = append(b, " ("...)
	b = append(b, schema.QuoteIdents(t.Columns)...)
	b = append(b, ") VALUES "...)
	b = fixAppendRow(b, s.Values)
	return append(b, ";\n"...), 1, nil
}

// fixAppendKeyless handles a table without a key: rows are identified by
// all their values, and count copies are inserted or deleted at once.
func fixAppendKeyless(b []byte, t FixTable, s FixStatement, count int, flush fixFlush) ([]byte, int, error) {
	if s.Kind == fixChanged {
		return b, 0, errors.New("a changed row needs a key; a keyless table has only missing and extra rows")
	}
	comment := s.Kind + " " + t.Name + " (keyless)"
	if count > 1 {
		comment += " x" + strconv.Itoa(count)
	}
	b = fixAppendComment(b, comment)
	if s.Kind == fixExtra {
		b = append(b, "DELETE FROM "...)
		b = append(b, t.Table...)
		b = fixAppendWhere(b, t.Columns, s.Values, true)
		b = append(b, " LIMIT "...)
		b = strconv.AppendInt(b, int64(count), 10)
		return append(b, ";\n"...), 1, nil
	}
	row := fixAppendRow(nil, s.Values)
	per := min(fixInsertRows, max(1, fixInsertBytes/(len(row)+2)))
	n := 0
	for left := count; left > 0; left -= per {
		rows := min(left, per)
		b = append(b, "INSERT INTO "...)
		b = append(b, t.Table...)
		b = append(b, " ("...)
		b = append(b, schema.QuoteIdents(t.Columns)...)
		b = append(b, ") VALUES"...)
		if rows == 1 {
			b = append(b, ' ')
			b = append(b, row...)
		} else {
			// One row per line: reviewable, and a line never breaks
			// inside a literal.
			for i := range rows {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, '\n')
				b = append(b, row...)
			}
		}
		b = append(b, ";\n"...)
		n++
		if left > per {
			var err error
			if b, err = flush(b); err != nil {
				return b, n, err
			}
		}
	}
	return b, n, nil
}

// fixKeyValues returns the key literals: s.KeyValues, or else the key
// columns' entries of s.Values.
func fixKeyValues(t FixTable, s FixStatement) ([]string, error) {
	if len(s.KeyValues) == len(t.Key) {
		return s.KeyValues, nil
	}
	if len(s.KeyValues) != 0 || len(s.Values) != len(t.Columns) {
		return nil, fmt.Errorf("%d key values for %d key columns", len(s.KeyValues), len(t.Key))
	}
	kv := make([]string, len(t.Key))
	for i, k := range t.Key {
		j := fixColumnIndex(t.Columns, k)
		if j < 0 {
			return nil, fmt.Errorf("key column %q is not among the columns", k)
		}
		kv[i] = s.Values[j]
	}
	return kv, nil
}

// fixColumnIndex finds name in columns, exactly or else case-insensitively
// as MySQL compares column names.
func fixColumnIndex(columns []string, name string) int {
	for i, c := range columns {
		if c == name {
			return i
		}
	}
	for i, c := range columns {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

// fixAppendWhere appends " WHERE c1 = v1 AND c2 = v2". nullSafe uses <=> for
// every column; otherwise only a NULL literal gets <=>, since = NULL
// matches nothing.
func fixAppendWhere(b []byte, cols, vals []string, nullSafe bool) []byte {
	b = append(b, " WHERE "...)
	for i, c := range cols {
		if i > 0 {
			b = append(b, " AND "...)
		}
		b = append(b, schema.QuoteIdent(c)...)
		if nullSafe || fixIsNull(vals[i]) {
			b = append(b, " <=> "...)
		} else {
			b = append(b, " = "...)
		}
		b = append(b, vals[i]...)
	}
	return b
}

func fixIsNull(literal string) bool { return strings.EqualFold(strings.TrimSpace(literal), "NULL") }

// fixAppendRow appends "(v1, v2, ...)".
func fixAppendRow(b []byte, vals []string) []byte {
	b = append(b, '(')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return append(b, ')')
}

// fixKeyText is the key as the comment shows it: "id=42", or
// "(id, line)=(7, 2)" for a composite key.
func fixKeyText(key, vals []string) string {
	if len(key) == 1 {
		return key[0] + "=" + vals[0]
	}
	return "(" + strings.Join(key, ", ") + ")=(" + strings.Join(vals, ", ") + ")"
}

// fixCommentSafe drops line breaks: text after one would leave the comment
// and run as SQL. Literals with control characters arrive as hex, but
// identifiers and endpoints may hold anything.
var fixCommentSafe = strings.NewReplacer("\r", "", "\n", "")

// fixAppendComment appends "-- text" as one line.
func fixAppendComment(b []byte, text string) []byte {
	b = append(b, "-- "...)
	b = append(b, fixCommentSafe.Replace(text)...)
	return append(b, '\n')
}
