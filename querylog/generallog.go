package querylog

import (
	"io"
	"regexp"
	"strings"
)

// generalEntry matches the line that starts an entry of a general log: a
// time (MySQL's ISO 8601 one, or MariaDB's and MySQL 5.6's YYMMDD HH:MM:SS,
// which MariaDB leaves out when the second is the one of the line before),
// the connection id, the command and its argument.
var generalEntry = regexp.MustCompile(
	`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)|\d{6} [ \d]\d:\d\d:\d\d)?\t+ *(\d+) ([A-Z][A-Za-z_ ]*?)(?:\t(.*))?$`)

// connectArg matches the argument of a Connect or Change user entry:
// "app@10.0.0.7 on shop using TCP/IP", with an empty database when the
// client named none.
var connectArg = regexp.MustCompile(`^(\S*) on (.*?) using (.+)$`)

// generalCommand is the general log entry being read.
type generalCommand struct {
	line    int
	conn    string
	command string
	arg     strings.Builder
}

// ReadGeneralLog reads a general query log, MySQL's
//
//	2026-12-03T17:34:29.657357Z	   74 Connect	app@10.0.0.7 on shop using TCP/IP
//	2026-12-03T17:34:29.657828Z	   74 Query	SELECT 1,
//	  'a;b' AS x
//
// or MariaDB's, whose lines of the same second have no time:
//
//	261203 17:34:15	    44 Connect	app@10.0.0.7 on shop using TCP/IP
//			    44 Init DB	crm
//			    44 Execute	SELECT 41 + 1
//
// Each Query entry is a statement, each of the statements of a
// multi-statement query that MariaDB logs whole, and so is each Execute
// entry, which holds a prepared statement with its values; Prepare, Close
// stmt, Quit and the other commands are none. The lines that follow an entry
// without a prefix of their own continue its argument. The default database
// is followed per connection, from its Connect (or Change user), its Init
// DB entries and its USE statements, so a connection whose start the log
// does not show runs in "" until one of these; a USE statement's Schema is
// the database it makes the default, as the slow log has it.
func ReadGeneralLog(r io.Reader, name string) ([]Statement, error) { return Read(r, name, GeneralLog) }

// scanGeneralLog reads for ReadGeneralLog.
func scanGeneralLog(r io.Reader, name string, fn func(Statement) error) error {
	in := newLines(r, name)
	var e *generalCommand
	schemas := make(map[string]string) // connection id → default database
	iso, known := false, false         // whether the log's times are MySQL's ISO ones, which every entry has
	flush := func() error {
		defer func() { e = nil }()
		if e == nil {
			return nil
		}
		arg := e.arg.String()
		switch e.command {
		case "Connect", "Change user":
			if m := connectArg.FindStringSubmatch(arg); m != nil {
				schemas[e.conn] = m[2]
			}
		case "Init DB":
			schemas[e.conn] = arg
		case "Quit":
			delete(schemas, e.conn)
		case "Query", "Execute":
			var pieces []piece
			if e.command == "Query" && !compound(arg) {
				pieces = splitStatements(arg)
			} else if sql, at := trimSQL(arg); sql != "" {
				pieces = []piece{{sql, at}}
			}
			for _, p := range pieces {
				if db, ok := useSchema(p.sql); ok {
					schemas[e.conn] = db
				}
				line := e.line + strings.Count(arg[:p.at], "\n")
				if err := fn(Statement{SQL: p.sql, Schema: schemas[e.conn], Origin: in.origin(line), Count: 1}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for {
		line, ok, err := in.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		m := generalEntry.FindStringSubmatch(line)
		if m != nil && !known {
			iso, known = strings.Contains(m[1], "T"), true
		}
		switch {
		case startedWith.MatchString(line):
			if err := flush(); err != nil {
				return err
			}
			clear(schemas) // a restart: connection ids start again
		case m != nil && (m[1] != "" || !iso):
			if err := flush(); err != nil {
				return err
			}
			e = &generalCommand{line: in.n, conn: m[2], command: m[3]}
			e.arg.WriteString(m[4])
		case e != nil:
			e.arg.WriteString("\n")
			e.arg.WriteString(line)
		}
	}
	return flush()
}
