package replay

import (
	"strings"

	"github.com/parity-db/parity/querylog"
)

// hasOrderBy reports whether the statement sorts its result: an ORDER BY
// outside parentheses (a subquery's or a window's ORDER BY does not order
// the rows returned).
func hasOrderBy(sql string) bool {
	ws := querylog.Words(sql)
	for i := 0; i+1 < len(ws); i++ {
		if ws[i].Depth == 0 && ws[i].Text == "ORDER" && ws[i+1].Text == "BY" {
			return true
		}
	}
	return false
}

// hasTopLevel reports whether keyword (upper case) appears outside
// parentheses.
func hasTopLevel(sql, keyword string) bool {
	for _, w := range querylog.Words(sql) {
		if w.Depth == 0 && w.Text == keyword {
			return true
		}
	}
	return false
}

// isRead reports whether sql queries data (SELECT, WITH, TABLE, VALUES,
// or one of them in parentheses): what replay compares and EXPLAIN explains.
func isRead(sql string) bool {
	ws := querylog.Words(sql)
	if len(ws) == 0 {
		return false
	}
	switch ws[0].Text {
	case "SELECT", "WITH", "TABLE", "VALUES":
		return true
	}
	return false
}

// volatileFunctions return a different value on each run or each server,
// so rows that hold them cannot be compared.
var volatileFunctions = map[string]bool{
	"NOW": true, "SYSDATE": true, "RAND": true, "UUID": true, "UUID_SHORT": true, "CURDATE": true,
	"CURTIME": true, "UTC_TIMESTAMP": true, "UTC_DATE": true, "UTC_TIME": true, "UNIX_TIMESTAMP": true,
	"CONNECTION_ID": true, "VERSION": true, "CURRENT_TIMESTAMP": true, "CURRENT_DATE": true,
	"CURRENT_TIME": true, "LOCALTIME": true, "LOCALTIMESTAMP": true, "LAST_INSERT_ID": true,
	"FOUND_ROWS": true, "ROW_COUNT": true, "SLEEP": true, "BENCHMARK": true, "RANDOM_BYTES": true,
}

// volatileWords are volatile without parentheses.
var volatileWords = map[string]bool{
	"CURRENT_TIMESTAMP": true, "CURRENT_DATE": true, "CURRENT_TIME": true, "LOCALTIME": true,
	"LOCALTIMESTAMP": true,
}

// nondeterministic names what makes the statement's rows vary between runs
// and servers ("NOW()", "@@hostname"), "" when nothing does. UNIX_TIMESTAMP
// with an argument is deterministic.
func nondeterministic(sql string) string {
	for _, w := range querylog.Words(sql) {
		switch {
		case w.System:
			return "@@" + strings.ToLower(w.Text)
		case w.Call && volatileFunctions[w.Text]:
			if w.Text == "UNIX_TIMESTAMP" && !w.Bare {
				continue // UNIX_TIMESTAMP(col)
			}
			return w.Text + "()"
		case !w.Call && volatileWords[w.Text]:
			return w.Text
		}
	}
	return ""
}
