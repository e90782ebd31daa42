package querylog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addLogs seeds a fuzz test with the logs the real servers wrote
// (testdata/logs) whose names hold kind, in pieces of 30 lines (the fuzzer
// spends its time minimizing what it finds from large seeds), and with
// extra inputs.
func addLogs(f *testing.F, kind string, extra ...string) {
	logs, _ := filepath.Glob(filepath.Join("testdata", "logs", "*"+kind+"*.log"))
	for _, p := range logs {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i := 0; i < len(lines); i += 30 {
			f.Add(strings.Join(lines[i:min(i+30, len(lines))], ""))
		}
	}
	for _, s := range extra {
		f.Add(s)
	}
}

// checkStatements checks what every reader promises of its statements:
// trimmed, non-empty SQL without a closing ';', one execution each, and
// origins whose lines never go back.
func checkStatements(t *testing.T, in string, stmts []Statement) {
	t.Helper()
	last := 0
	for _, s := range stmts {
		var lastTok Token
		for tok := range Tokens(s.SQL) {
			lastTok = tok
		}
		if s.SQL == "" || strings.Trim(s.SQL, asciiSpace) != s.SQL || lastTok.Kind == Semicolon {
			t.Fatalf("statement %q from %q: want it trimmed, non-empty, without a closing ';'", s.SQL, in)
		}
		if sql, _ := trimSQL(s.SQL); sql != s.SQL {
			t.Fatalf("statement %q from %q trims to %q", s.SQL, in, sql)
		}
		n, ok := originLine(s.Origin, "f.log")
		if !ok || n < last || s.Count != 1 || s.Duration < 0 {
			t.Fatalf("statement %+v after line %d from %q", s, last, in)
		}
		last = n
		Fingerprint(s.SQL)
		Writes(s.SQL)
	}
}

func FuzzReadSlowLog(f *testing.F) {
	addLogs(f, "slow",
		"# User@Host: a[a] @ [h]\n# Query_time: 0.1\nuse db1;\nSET timestamp=1;\n# c\nSELECT 1;\n",
		"# Time: x\n# Query_time: 99999999999999999999\nSET timestamp=1;\nSELECT 1 -- x;\n",
		"SELECT 'cut';\n# User@Host: \n#\nuse `a``b`;\n;\n")
	f.Fuzz(func(t *testing.T, in string) {
		stmts, err := ReadSlowLog(strings.NewReader(in), "f.log")
		if err != nil {
			t.Fatal(err)
		}
		checkStatements(t, in, stmts)
	})
}

func FuzzReadGeneralLog(f *testing.F) {
	addLogs(f, "general",
		"261203 17:34:15\t    44 Connect\tapp@h on shop using TCP/IP\n\t\t    44 Query\tSELECT 1; SELECT 2\nx\n",
		"\t\t 1 Query\tCREATE PROCEDURE p() BEGIN SELECT 1; END\n\t\t 1 Init DB\tdb\n\t\t 1 Execute\tSELECT 1;\n\t\t 1 Quit\t\n",
		"2026-12-03T17:34:29Z\t 1 Query\tUSE `x`\n\t\t 1 Query\tcontinued\n")
	f.Fuzz(func(t *testing.T, in string) {
		stmts, err := ReadGeneralLog(strings.NewReader(in), "f.log")
		if err != nil {
			t.Fatal(err)
		}
		checkStatements(t, in, stmts)
	})
}

// FuzzReadStatements also checks that the statements, written back with a
// ';' on a line after each, read as the same statements.
func FuzzReadStatements(f *testing.F) {
	f.Add("-- Queries.\nSELECT 1;\nSELECT ';' AS \"x;y\", `a;b` FROM t -- done;\nWHERE a = 'it''s';;\n/* t */ SELECT 2; USE shop; SELECT /*! 3; */ 4\n-- name: q\nSELECT 5\n")
	f.Add("SELECT 1;\nSELECT 'a\n;")
	f.Add("# c\r\nUSE `a``b`;\r\n/*M!100 x */ y /* z */\n\n--1\n#")
	f.Fuzz(func(t *testing.T, in string) {
		stmts, err := ReadStatements(strings.NewReader(in), "f.log")
		if err != nil {
			if stmts != nil {
				t.Fatalf("statements with error %v from %q", err, in)
			}
			return
		}
		checkStatements(t, in, stmts)
		var back strings.Builder
		for _, s := range stmts {
			back.WriteString(s.SQL + "\n;\n") // a statement may end in a # comment
		}
		for _, line := range strings.Split(back.String(), "\n") {
			if nameLine.MatchString(strings.Trim(line, asciiSpace)) {
				return // a statement with a line like "--name:" is two when written back
			}
		}
		again, err := ReadStatements(strings.NewReader(back.String()), "f.log")
		if err != nil || len(again) != len(stmts) {
			t.Fatalf("written back as %q: %d statements, %v; want %d", back.String(), len(again), err, len(stmts))
		}
		for i := range stmts {
			if again[i].SQL != stmts[i].SQL || again[i].Schema != stmts[i].Schema {
				t.Fatalf("written back as %q: statement %d = %q in %q, want %q in %q", back.String(), i, again[i].SQL, again[i].Schema, stmts[i].SQL, stmts[i].Schema)
			}
		}
	})
}
