package bench

import (
	"reflect"
	"strings"
	"testing"
)

func FuzzParseQueries(f *testing.F) {
	f.Add("-- name: a\nSELECT 1;\n-- name: b\nSELECT ';' -- x\n")
	f.Add("# h\r\n--name:q\r\n/*! 1 */ SELECT `a``;`, \"b\\\"\" FROM t;\r\n-- end\r\n")
	f.Add("-- name: q\nSELECT 'a\n-- name: r\n'\n")
	f.Add("-- name: q\n--1\n#\n--\tx\n;;")
	f.Add("/* c */\n-- NAME : q.v2:x-1\n/*M!100 x */ y /* z */\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		queries, err := ParseQueries(strings.NewReader(in), "f.sql")
		if err != nil {
			if queries != nil {
				t.Fatalf("ParseQueries returned %q with error %v", queries, err)
			}
			return
		}
		seen := make(map[string]bool)
		var file strings.Builder
		for _, q := range queries {
			if checkQueryName(q.Name) != nil {
				t.Fatalf("invalid name %q from %q", q.Name, in)
			}
			if seen[q.Name] {
				t.Fatalf("name %q twice from %q", q.Name, in)
			}
			seen[q.Name] = true
			if strings.Trim(q.SQL, asciiSpace) != q.SQL || q.SQL == "" || strings.HasSuffix(q.SQL, ";") {
				t.Fatalf("query %s has SQL %q from %q; want it trimmed, non-empty, without a closing ';'", q.Name, q.SQL, in)
			}
			file.WriteString("-- name: " + q.Name + "\n" + q.SQL + "\n\n")

			// The same SQL passes as a --query flag unchanged.
			flag, err := ParseQueryFlag(q.Name + "=" + q.SQL)
			if err != nil || flag != q {
				t.Fatalf("ParseQueryFlag(%q) = %q, %v; want %q", q.Name+"="+q.SQL, flag, err, q)
			}
		}
		again, err := ParseQueries(strings.NewReader(file.String()), "again.sql")
		if err != nil {
			t.Fatalf("reparse of %q: %v\nfrom %q", file.String(), err, in)
		}
		if !reflect.DeepEqual(again, queries) {
			t.Fatalf("reparse of %q = %q, want %q", file.String(), again, queries)
		}
	})
}
