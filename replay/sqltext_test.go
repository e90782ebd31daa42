package replay

import "testing"

func TestHasOrderBy(t *testing.T) {
	tests := map[string]bool{
		"select a from t order by a":                                         true,
		"select a from t":                                                    false,
		"select a from (select a from t order by a) x":                       false,
		"select a, row_number() over (order by a) from t":                    false,
		"(select a from t) union (select b from u) order by 1":               true,
		"select `order by` from t":                                           false,
		"select a from t where b = 'order by'":                               false,
		"select a from t group by a":                                         false,
		"select a from t where a in (select a from u order by a) order by a": true,
	}
	for fp, want := range tests {
		if got := hasOrderBy(fp); got != want {
			t.Errorf("hasOrderBy(%q) = %v, want %v", fp, got, want)
		}
	}
}

func TestNondeterministic(t *testing.T) {
	tests := map[string]string{
		"select now()":                               "NOW()",
		"select * from t where c > now() - ?":        "NOW()",
		"select current_timestamp":                   "CURRENT_TIMESTAMP",
		"select unix_timestamp(created) from t":      "",
		"select unix_timestamp()":                    "UNIX_TIMESTAMP()",
		"select @@hostname":                          "@@hostname",
		"select rand() from t":                       "RAND()",
		"select a from t":                            "",
		"select now from t":                          "",
		"select `now()` from t":                      "",
		"select count(*) from t where d = curdate()": "CURDATE()",
	}
	for fp, want := range tests {
		if got := nondeterministic(fp); got != want {
			t.Errorf("nondeterministic(%q) = %q, want %q", fp, got, want)
		}
	}
}

func FuzzSQLText(f *testing.F) {
	f.Add("select a from (select b from t order by b) x order by a")
	f.Add("select `a(` from t where x = '(' order by now()")
	f.Fuzz(func(t *testing.T, sql string) {
		if hasOrderBy(sql) && !hasTopLevel(sql, "ORDER") {
			t.Fatalf("%q: an ORDER BY that is not at the top level", sql)
		}
		_ = nondeterministic(sql)
		_ = isRead(sql)
	})
}

func TestIsRead(t *testing.T) {
	tests := map[string]bool{
		"SELECT 1": true, "select*from t": true, "(SELECT 1) UNION (SELECT 2)": true, "WITH x AS (SELECT 1) SELECT * FROM x": true,
		"TABLE t": true, "VALUES ROW(1)": true, "SHOW TABLES": false, "EXPLAIN SELECT 1": false, "DO SLEEP(1)": false,
		"UPDATE t SET a = 1": false, "": false,
		"/* app:orders */ SELECT 1": true, "-- report\nSELECT 1": true, "/*!40001 SELECT 1 */": true,
	}
	for sql, want := range tests {
		if got := isRead(sql); got != want {
			t.Errorf("isRead(%q) = %v, want %v", sql, got, want)
		}
	}
}
