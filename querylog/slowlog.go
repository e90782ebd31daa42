package querylog

import (
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Lines of a slow log entry that are not its statement.
var (
	queryTime    = regexp.MustCompile(`(?:^|\s)Query_time: (\d+(?:\.\d+)?)`)
	schemaField  = regexp.MustCompile(`(?:^|\s)Schema: (\S*)`)
	metaUse      = regexp.MustCompile("^use (.+);$")
	setTimestamp = regexp.MustCompile(`^SET (?:\w+=\d+,)*timestamp=\d+(?:\.\d+)?;$`)
	throttled    = regexp.MustCompile(`^throttle: +\d+ '.*' warning\(s\) suppressed\.$`)
)

// slowEntry is the slow log entry being read.
type slowEntry struct {
	user      bool // its # User@Host line was read
	inText    bool // past its header: the lines are its statement
	line      int  // the line its statement starts on
	text      []string
	duration  time.Duration
	schema    string
	hasSchema bool // MariaDB's "# Thread_id: 12  Schema: shop  QC_hit: No" named the database
}

// ReadSlowLog reads a slow query log. Each entry is a header of '#' lines,
// MySQL's
//
//	# Time: 2026-12-03T17:34:34.536460Z
//	# User@Host: app[app] @  [10.0.0.7]  Id:    76
//	# Query_time: 0.002169  Lock_time: 0.000005 Rows_sent: 1  Rows_examined: 146
//
// or MariaDB's (which writes "# Time:" once a second)
//
//	# User@Host: app[app] @  [10.0.0.7]
//	# Thread_id: 47  Schema: shop  QC_hit: No
//	# Query_time: 0.000520  Lock_time: 0.000177  Rows_sent: 1  Rows_examined: 31
//	# Rows_affected: 0  Bytes_sent: 58
//
// then "use db;" when the database changed, "SET timestamp=1796319274;", and
// the statement with a ';' the server appends, on as many lines as it takes,
// up to the next entry. The use and SET lines are the log's, not the
// application's: they are consumed, and the database of the last use line
// is the Schema of the entries after it (MySQL writes one only when the
// database differs from the previous entry's), unless the entry names its
// own, as MariaDB's do. Entries of administrator commands ("# administrator
// command: Prepare;") and MySQL's throttle summaries hold no statement. The
// header a server writes when it opens the file may come again mid-file,
// after a restart. Lines before the first entry are skipped, so a log cut
// at any line reads.
func ReadSlowLog(r io.Reader, name string) ([]Statement, error) { return Read(r, name, SlowLog) }

// scanSlowLog reads for ReadSlowLog.
func scanSlowLog(r io.Reader, name string, fn func(Statement) error) error {
	in := newLines(r, name)
	var e *slowEntry
	current := "" // the database of the last use line
	flush := func() error {
		defer func() { e = nil }()
		if e == nil || e.line == 0 {
			return nil
		}
		text := strings.TrimRight(strings.Join(e.text, "\n"), asciiSpace)
		text = strings.TrimSuffix(text, ";")
		if strings.HasPrefix(text, "# administrator command: ") || throttled.MatchString(text) {
			return nil
		}
		sql, at := trimSQL(text)
		if sql == "" {
			return nil
		}
		schema := current
		if e.hasSchema {
			schema = e.schema
		}
		line := e.line + strings.Count(text[:at], "\n")
		return fn(Statement{SQL: sql, Schema: schema, Origin: in.origin(line), Duration: e.duration, Count: 1})
	}
	for {
		line, ok, err := in.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case startedWith.MatchString(line):
			if err := flush(); err != nil {
				return err
			}
			current = "" // the server writes a use line again after it opens the file
		case strings.HasPrefix(line, "# Time: "):
			if err := flush(); err != nil {
				return err
			}
			e = &slowEntry{}
		case strings.HasPrefix(line, "# User@Host: "):
			if e == nil || e.inText || e.user {
				if err := flush(); err != nil {
					return err
				}
				e = &slowEntry{}
			}
			e.user = true
		case e == nil && strings.HasPrefix(line, "#"):
			e = &slowEntry{}
			e.header(line)
		case e == nil:
			// The header a server writes when it opens the file, or the
			// rest of an entry whose start was cut off.
		case e.inText:
			e.text = append(e.text, line)
		case strings.HasPrefix(line, "#"):
			e.header(line)
		case metaUse.MatchString(line):
			db := metaUse.FindStringSubmatch(line)[1]
			if len(db) >= 2 && db[0] == '`' && db[len(db)-1] == '`' {
				db = unquoteIdent(db) // MariaDB quotes it, MySQL does not
			}
			current = db
		case setTimestamp.MatchString(line):
			e.inText, e.line = true, in.n+1
		default: // a log without a SET timestamp line
			e.inText, e.line = true, in.n
			e.text = append(e.text, line)
		}
	}
	return flush()
}

// header reads the fields of a '#' line of an entry's header that replay
// needs: Query_time, and the database MariaDB names.
func (e *slowEntry) header(line string) {
	if m := queryTime.FindStringSubmatch(line); m != nil {
		if s, err := strconv.ParseFloat(m[1], 64); err == nil && s < math.MaxInt64/1e9 {
			e.duration = time.Duration(math.Round(s * 1e9))
		}
	}
	if m := schemaField.FindStringSubmatch(line); m != nil {
		e.schema, e.hasSchema = m[1], true
	}
}
