package querylog

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// brief is what the table tests compare of a statement.
type brief struct {
	Line   int
	Schema string
	SQL    string
	Time   time.Duration
}

func briefs(t *testing.T, name string, stmts []Statement) []brief {
	t.Helper()
	var out []brief
	for _, s := range stmts {
		n, ok := originLine(s.Origin, name)
		if !ok || s.Count != 1 {
			t.Errorf("statement %+v: want origin %s:LINE and count 1", s, name)
		}
		out = append(out, brief{n, s.Schema, s.SQL, s.Duration})
	}
	return out
}

func TestReadSlowLog(t *testing.T) {
	tests := []struct {
		name, log string
		want      []brief
	}{
		{
			name: "MySQL entries, use lines only on a change",
			log: `/usr/sbin/mysqld, Version: 9.7.4-2 ((Debian)). started with:
Tcp port: 23307  Unix socket: /run/mysqld/parity.sock
Time                 Id Command    Argument
# Time: 2026-12-03T17:34:34.533050Z
# User@Host: app[app] @  [10.0.0.7]  Id:    76
# Query_time: 0.000186  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1
use shop;
SET timestamp=1796319274;
SELECT a,
  'x;y'
FROM t -- done;
# Time: 2026-12-03T17:34:34.534252Z
# User@Host: app[app] @  [10.0.0.7]  Id:    76
# Query_time: 1.5  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
SET last_insert_id=5,insert_id=6,timestamp=1796319274;
SELECT 2;
# Time: 2026-12-03T17:34:34.536685Z
# User@Host: app[app] @  [10.0.0.7]  Id:    76
# Query_time: 0.000091  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
SET timestamp=1796319274;
# administrator command: Prepare;
# Time: 2026-12-03T17:34:34.536686Z
# User@Host: app[app] @  [10.0.0.7]  Id:    77
# Query_time: 0.000100  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
use crm;
SET timestamp=1796319274;
use shop;
`,
			want: []brief{
				{9, "shop", "SELECT a,\n  'x;y'\nFROM t", 186 * time.Microsecond},
				{16, "shop", "SELECT 2", 1500 * time.Millisecond},
				{27, "crm", "use shop", 100 * time.Microsecond},
			},
		},
		{
			name: "MariaDB entries name their database, # Time once a second",
			log: `# Time: 261203 17:00:00
# User@Host: app[app] @  [10.0.0.7]
# Thread_id: 47  Schema: shop  QC_hit: No
# Query_time: 0.000099  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
# Rows_affected: 0  Bytes_sent: 118
# Full_scan: Yes  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No
#
# explain: id	select_type	table	type
# explain: 1	SIMPLE	t	ALL
#
use ` + "`shop`" + `;
SET timestamp=1796319274;
SELECT 1;
# User@Host: app[app] @  [10.0.0.7]
# Thread_id: 48  Schema:   QC_hit: No
# Query_time: 0.000010  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
SET timestamp=1796319274;
SELECT 2;
`,
			want: []brief{
				{13, "shop", "SELECT 1", 99 * time.Microsecond},
				{18, "", "SELECT 2", 10 * time.Microsecond},
			},
		},
		{
			name: "a restart mid-file, a cut first entry, CRLF, a # line in a statement",
			log: "SET timestamp=1;\r\nSELECT 'cut';\r\n# User@Host: a[a] @ [h]  Id: 1\r\n# Query_time: 0.1\r\nuse db1;\r\nSET timestamp=1;\r\n# a comment\r\nSELECT 1;\r\n" +
				"mysqld, Version: 9.7.4 (x). started with:\r\nTcp port: 3306  Unix socket: /s\r\nTime                 Id Command    Argument\r\n" +
				"# User@Host: a[a] @ [h]  Id: 1\r\n# Query_time: 0.2\r\nSET timestamp=1;\r\nSELECT 2;\r\n",
			want: []brief{
				{8, "db1", "SELECT 1", 100 * time.Millisecond},
				{15, "", "SELECT 2", 200 * time.Millisecond},
			},
		},
		{
			name: "no SET timestamp line, a throttle summary, an empty statement",
			log: `# User@Host: a[a] @ [h]  Id: 1
# Query_time: 0.3
SELECT 3;
# User@Host: [] @  []  Id: 0
# Query_time: 0.000000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
SET timestamp=1;
throttle:         5 'index not used' warning(s) suppressed.;
# User@Host: a[a] @ [h]  Id: 1
# Query_time: 0.3
SET timestamp=1;
;
`,
			want: []brief{{3, "", "SELECT 3", 300 * time.Millisecond}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, err := ReadSlowLog(strings.NewReader(tt.log), "slow.log")
			if err != nil {
				t.Fatal(err)
			}
			if got := briefs(t, "slow.log", stmts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadGeneralLog(t *testing.T) {
	tests := []struct {
		name, log string
		want      []brief
	}{
		{
			name: "MySQL: databases per connection, prepared statements, continuation lines",
			log: `/usr/sbin/mysqld, Version: 9.7.4-2 ((Debian)). started with:
Tcp port: 23307  Unix socket: /run/mysqld/parity.sock
Time                 Id Command    Argument
2026-12-03T17:34:29.657357Z	   74 Connect	app@10.0.0.7 on shop using TCP/IP
2026-12-03T17:34:29.657400Z	   75 Connect	app@10.0.0.7 on  using TCP/IP
2026-12-03T17:34:29.657828Z	   74 Query	SELECT 1,
  'a;b' AS x
		   75 Query	not an entry: MySQL times every entry
2026-12-03T17:34:29.658000Z	   75 Init DB	crm
2026-12-03T17:34:29.658112Z	   75 Query	SELECT 2
2026-12-03T17:34:29.658113Z	   74 Query	USE crm
2026-12-03T17:34:29.658114Z	   74 Query	SELECT 3
2026-12-03T17:34:29.666505Z	   74 Prepare	SELECT ? + 1
2026-12-03T17:34:29.666645Z	   74 Execute	SELECT 41 + 1
2026-12-03T17:34:29.666844Z	   74 Close stmt	
2026-12-03T17:34:29.666900Z	   74 Quit	
2026-12-03T17:34:29.667000Z	   76 Query	SELECT 4
2026-12-03T17:34:29.667100Z	   77 Connect	Access denied for user 'x'@'h' (using password: YES)
`,
			want: []brief{
				{6, "shop", "SELECT 1,\n  'a;b' AS x\n\t\t   75 Query\tnot an entry: MySQL times every entry", 0},
				{10, "crm", "SELECT 2", 0},
				{11, "crm", "USE crm", 0},
				{12, "crm", "SELECT 3", 0},
				{14, "crm", "SELECT 41 + 1", 0},
				{17, "", "SELECT 4", 0},
			},
		},
		{
			name: "MariaDB: lines of the same second, multi-statement queries, a restart",
			log: `261203 17:34:15	    44 Connect	app@10.0.0.7 on shop using TCP/IP
		    44 Query	SELECT 'a'; SELECT 'b;c';
		    44 Query	CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END
261203 17:34:16	    44 Query	BEGIN NOT ATOMIC SELECT 1; END
		    44 Query	use ` + "`cr``m`" + `
		    44 Query	SELECT 'x'
mariadbd, Version: 10.11.14-MariaDB (Debian 12). started with:
Tcp port: 23306  Unix socket: /s
Time		    Id Command	Argument
261203 17:40:00	    44 Query	SELECT 'after'
`,
			want: []brief{
				{2, "shop", "SELECT 'a'", 0},
				{2, "shop", "SELECT 'b;c'", 0},
				{3, "shop", "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", 0},
				{4, "shop", "BEGIN NOT ATOMIC SELECT 1; END", 0},
				{5, "cr`m", "use `cr``m`", 0},
				{6, "cr`m", "SELECT 'x'", 0},
				{10, "", "SELECT 'after'", 0},
			},
		},
		{
			name: "a multi-line multi-statement query",
			log:  "\t\t 1 Query\tSELECT 1;\nSELECT 2\n\t\t 1 Query\t-- only a comment\n",
			want: []brief{{1, "", "SELECT 1", 0}, {2, "", "SELECT 2", 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts, err := ReadGeneralLog(strings.NewReader(tt.log), "general.log")
			if err != nil {
				t.Fatal(err)
			}
			if got := briefs(t, "general.log", stmts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadStatements(t *testing.T) {
	in := `-- Queries of the dashboard.
SELECT 1;
SELECT ';' AS "x;y", ` + "`a;b`" + ` FROM t -- done;
WHERE a = 'it''s';;

/* tagged */ SELECT 2; USE shop; SELECT /*! 3; */ 4
# trailing comment
-- name: from-a-bench-file
SELECT 5
`
	stmts, err := ReadStatements(strings.NewReader(in), "q.sql")
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{
		{2, "", "SELECT 1", 0},
		{3, "", "SELECT ';' AS \"x;y\", `a;b` FROM t -- done;\nWHERE a = 'it''s'", 0},
		{6, "", "/* tagged */ SELECT 2", 0},
		{6, "shop", "USE shop", 0},
		{6, "shop", "SELECT /*! 3", 0},
		{6, "shop", "*/ 4", 0},
		{9, "shop", "SELECT 5", 0},
	}
	if got := briefs(t, "q.sql", stmts); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	for in, want := range map[string]string{
		"SELECT 1;\nSELECT 'a\n;":              "q.sql:2: unterminated ' quote",
		"-- name: a\nSELECT 'a\n-- name: b\n'": "q.sql:2: unterminated ' quote",
		"SELECT 1 /* x\n\n":                    "q.sql:1: unterminated /* comment",
		"\n\nSELECT /*! 1":                     "q.sql:3: unterminated /*! comment",
		"SELECT `a":                            "q.sql:1: unterminated ` quote",
		"SELECT \"a\\\";\nSELECT 2":            "q.sql:1: unterminated \" quote",
	} {
		if _, err := ReadStatements(strings.NewReader(in), "q.sql"); err == nil || err.Error() != want {
			t.Errorf("ReadStatements(%q) error = %v, want %q", in, err, want)
		}
	}
}

func TestDetect(t *testing.T) {
	for head, want := range map[string]Format{
		"# Time: 2026-12-03T17:34:34.533050Z\n":                                                                         SlowLog,
		"mysqld, Version: 9.7 (x). started with:\n# User@Host: a[a] @ [h]\n":                                            SlowLog,
		"# Query_time: 0.1\nSELECT 1;\n":                                                                                SlowLog,
		"2026-12-03T17:34:29.657357Z\t   74 Connect\tapp@h on shop using TCP/IP\n":                                      GeneralLog,
		"261203 17:34:15\t    44 Query\tSELECT 1\n":                                                                     GeneralLog,
		"\t\t    44 Query\tSELECT 1\n":                                                                                  GeneralLog,
		"mariadbd, Version: 10.11 (x). started with:\nTcp port: 1  Unix socket: /s\nTime\t\t    Id Command\tArgument\n": GeneralLog,
		"SELECT 1;\n":            StatementFile,
		"-- name: q\nSELECT 1\n": StatementFile,
		"":                       StatementFile,
		"# a comment\nSELECT 1;": StatementFile,
		"# Time: 2026-12-03T17:34:34.533050Z\r\n# User@Host: a[a] @ [h]\r\n": SlowLog,
	} {
		if got := Detect([]byte(head)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", head, got, want)
		}
	}
}

func TestReadDetects(t *testing.T) {
	stmts, err := Read(strings.NewReader("# Time: 261203 17:00:00\n# User@Host: a[a] @ [h]\n# Query_time: 0.5\nSET timestamp=1;\nSELECT 1;\n"), "x.log", "")
	if err != nil || len(stmts) != 1 || stmts[0].SQL != "SELECT 1" || stmts[0].Duration != 500*time.Millisecond {
		t.Errorf("Read(slow log, detect) = %+v, %v", stmts, err)
	}
	if _, err := Read(strings.NewReader(""), "x.log", "binlog"); err == nil || !strings.Contains(err.Error(), `unknown log format "binlog" (want slow, general or statements)`) {
		t.Errorf("Read(format binlog) error = %v", err)
	}
}

func TestScanStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Scan(strings.NewReader("SELECT 1; SELECT 2; SELECT 3"), "q.sql", StatementFile, func(Statement) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("Scan = %v after %d statements, want stop after 2", err, n)
	}
}
