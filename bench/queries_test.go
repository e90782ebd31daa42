package bench

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseQueryFlag(t *testing.T) {
	tests := []struct {
		in      string
		want    Query
		wantErr string
	}{
		{in: "recent=SELECT 1", want: Query{"recent", "SELECT 1"}},
		{in: " recent = SELECT 1 ; ", want: Query{"recent", "SELECT 1"}},
		{in: "q.v2:top-10_x=SELECT a=b FROM t", want: Query{"q.v2:top-10_x", "SELECT a=b FROM t"}},
		{in: "q=SELECT ';' AS s;", want: Query{"q", "SELECT ';' AS s"}},
		{in: "q=\n-- why\nSELECT 1 -- end\n", want: Query{"q", "SELECT 1"}},
		{in: "q=SELECT 1", want: Query{"q", "SELECT 1"}},
		{in: "SELECT 1", wantErr: "--query SELECT 1: no '=' (want NAME='SQL')"},
		{in: "=SELECT 1", wantErr: "--query =SELECT 1: empty query name (want letters, digits, '_', '.', ':' or '-')"},
		{in: "my query=SELECT 1", wantErr: `--query my query=SELECT 1: invalid query name "my query" (want letters, digits, '_', '.', ':' or '-')`},
		{in: "q=", wantErr: "--query q: no SQL (want one statement)"},
		{in: "q= ; ", wantErr: "--query q: no SQL"},
		{in: "q=-- nothing", wantErr: "--query q: no SQL"},
		{in: "q=SELECT 1; SELECT 2", wantErr: `--query q: more than one statement: "SELECT 2" follows ';' (write one statement per query; each is timed alone)`},
		{in: "q=SELECT 1;;", wantErr: `more than one statement: ";" follows ';'`},
		{in: "q=SELECT 'x", wantErr: "--query q: unterminated ' quote"},
	}
	for _, tc := range tests {
		got, err := ParseQueryFlag(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseQueryFlag(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseQueryFlag(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseQueryFlag(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseQueries(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Query
	}{
		{
			name: "doc example",
			in: `-- Queries the app runs against shop after the upgrade.

-- name: recent-orders
-- The dashboard's main query.
SELECT o.*, c.email
FROM orders AS o JOIN customers AS c ON c.id = o.customer_id
WHERE o.created_at > NOW() - INTERVAL 1 DAY
ORDER BY o.created_at DESC;

-- name: top-products
SELECT product_id, SUM(qty) FROM order_lines GROUP BY product_id;
`,
			want: []Query{
				{"recent-orders", "SELECT o.*, c.email\nFROM orders AS o JOIN customers AS c ON c.id = o.customer_id\nWHERE o.created_at > NOW() - INTERVAL 1 DAY\nORDER BY o.created_at DESC"},
				{"top-products", "SELECT product_id, SUM(qty) FROM order_lines GROUP BY product_id"},
			},
		},
		{
			name: "name line spellings",
			in:   "--name:a\nSELECT 1\n  -- NAME :  b  \nSELECT 2\n--\tName\t:\tc\nSELECT 3",
			want: []Query{{"a", "SELECT 1"}, {"b", "SELECT 2"}, {"c", "SELECT 3"}},
		},
		{
			name: "CRLF",
			in:   "# header\r\n-- name: q\r\nSELECT a,\r\n  b\r\nFROM t;\r\n",
			want: []Query{{"q", "SELECT a,\n  b\nFROM t"}},
		},
		{
			name: "inner comments kept, outer dropped",
			in:   "-- name: q\n\n# lead\n-- lead\n--\n  SELECT a, -- the key\n  # why b\n  b /* c */\nFROM t -- tail\n;\n-- trailing\n# trailing\n\n",
			want: []Query{{"q", "SELECT a, -- the key\n  # why b\n  b /* c */\nFROM t"}},
		},
		{
			name: "leading block comment kept",
			in:   "-- name: q\n/* tag:\n   dashboard */ SELECT 1",
			want: []Query{{"q", "/* tag:\n   dashboard */ SELECT 1"}},
		},
		{
			name: "not a comment without a space after --",
			in:   "-- name: q\n--1\n",
			want: []Query{{"q", "--1"}},
		},
		{
			name: "semicolons inside quotes and comments",
			in: "-- name: q\nSELECT ';', \"a;\\\";\", `b;``;`, 'it''s;' -- ;\n# ;\n/* ; */ FROM t;\n" +
				"-- name: r\nSELECT 'a\\\\';\n",
			want: []Query{
				{"q", "SELECT ';', \"a;\\\";\", `b;``;`, 'it''s;' -- ;\n# ;\n/* ; */ FROM t"},
				{"r", "SELECT 'a\\\\'"},
			},
		},
		{
			name: "backslash does not escape in backquotes",
			in:   "-- name: q\nSELECT `a\\` FROM t;",
			want: []Query{{"q", "SELECT `a\\` FROM t"}},
		},
		{
			name: "comment after the semicolon",
			in:   "-- name: q\nSELECT 1; -- done\n/* really */\n",
			want: []Query{{"q", "SELECT 1"}},
		},
		{
			name: "executable comment",
			in:   "-- name: q\nSELECT /*!80000 SQL_NO_CACHE */ 1 /*M!100000 + 1 */;",
			want: []Query{{"q", "SELECT /*!80000 SQL_NO_CACHE */ 1 /*M!100000 + 1 */"}},
		},
		{
			name: "multi-line string",
			in:   "-- name: q\nSELECT 'line one\n# not a comment\n-- nor this\n'\n",
			want: []Query{{"q", "SELECT 'line one\n# not a comment\n-- nor this\n'"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseQueries(strings.NewReader(tc.in), "queries.sql")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseQueries:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestParseQueriesErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "queries.sql: no queries (start each with a '-- name: NAME' line)"},
		{"only comments", "-- just notes\n# more\n/* and\nmore */\n", "queries.sql: no queries"},
		{"SQL before the first name", "-- notes\n\nSELECT 1;\n-- name: q\nSELECT 2", "queries.sql:3: SQL before the first '-- name:' line (start each query with '-- name: NAME')"},
		{"semicolon before the first name", "\n;\n-- name: q\nSELECT 2", "queries.sql:2: SQL before the first '-- name:' line"},
		{"SQL after a block comment", "/* a\n b */ x\n-- name: q\nSELECT 2", "queries.sql:2: SQL before the first '-- name:' line"},
		{"unterminated comment before the first name", "/* a\n-- name: q\nSELECT 2", "queries.sql:1: unterminated /* comment"},
		{"empty block", "-- name: a\nSELECT 1\n-- name: b\n\n-- nothing here\n-- name: c\nSELECT 3", "queries.sql:3: query b: no SQL (want one statement)"},
		{"empty last block", "-- name: a\nSELECT 1\n-- name: b\n", "queries.sql:3: query b: no SQL"},
		{"duplicate", "-- name: a\nSELECT 1\n\n-- name: a\nSELECT 2", "queries.sql:4: query a already defined on line 1 (names must be unique)"},
		{"empty name", "-- name:\nSELECT 1", "queries.sql:1: empty query name (want letters, digits, '_', '.', ':' or '-')"},
		{"invalid name", "-- name: a\nSELECT 1\n-- name: top 10\nSELECT 2", `queries.sql:3: invalid query name "top 10" (want letters, digits, '_', '.', ':' or '-')`},
		{"two statements", "-- name: a\nSELECT 1;\n\nSELECT 2;\n", `queries.sql:4: query a: more than one statement: "SELECT 2;" follows ';' (write one statement per query; each is timed alone)`},
		{"two statements on one line", "-- name: a\n\n# x\nSELECT 1; DELETE FROM t", `queries.sql:4: query a: more than one statement: "DELETE FROM t" follows ';'`},
		{"statement hidden after a comment", "-- name: a\nSELECT 1; /* x */ DROP TABLE t", `more than one statement: "DROP TABLE t" follows ';'`},
		{"unterminated quote", "-- name: a\nSELECT 1\n-- name: b\nSELECT\n  \"x\\\"\n", `queries.sql:5: query b: unterminated " quote`},
		{"unterminated backquote", "-- name: a\nSELECT `x``", "queries.sql:2: query a: unterminated ` quote"},
		{"unterminated comment", "-- name: a\nSELECT 1 /* x", "queries.sql:2: query a: unterminated /* comment"},
		{"unterminated executable comment", "-- name: a\nSELECT 1\n /*!80000 x", "queries.sql:3: query a: unterminated /*! comment"},
		{"dashes before a comment", "-- name: a\nSELECT 1\n--#x", `queries.sql:3: query a: statement ends with "--" (a comment starts at "-- " with a space)`},
		{"dashes before the semicolon", "-- name: a\nSELECT 1--;", `queries.sql:2: query a: statement ends with "--"`},
		{"nested executable comment", "-- name: a\nSELECT /*! 1 /*! 2 */ */", "queries.sql:2: query a: executable comment inside another"},
		{"statement in an executable comment", "-- name: a\nSELECT 1 /*!; DROP TABLE t */", `more than one statement: "DROP TABLE t */" follows ';'`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQueries(strings.NewReader(tc.in), "queries.sql")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseQueries error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseQueriesReadError(t *testing.T) {
	_, err := ParseQueries(failingReader{}, "queries.sql")
	if err == nil || err.Error() != "read queries.sql: disk on fire" {
		t.Errorf("ParseQueries error = %v, want read queries.sql: disk on fire", err)
	}
}
