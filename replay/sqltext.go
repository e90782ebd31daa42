package replay

import (
	"strings"
)

// word is one keyword or identifier of a fingerprint and its parenthesis
// depth.
type word struct {
	text  string
	depth int
	call  bool // followed by '(': a function call
	bare  bool // a call without arguments: NOW()
}

// words splits a fingerprint (lower-case keywords, literals already
// replaced by ?) into words, skipping quoted identifiers and strings.
func words(fp string) []word {
	var out []word
	depth := 0
	for i := 0; i < len(fp); {
		c := fp[i]
		switch {
		case c == '(':
			depth++
			i++
		case c == ')':
			depth = max(depth-1, 0)
			i++
		case c == '`' || c == '\'' || c == '"':
			j := i + 1
			for j < len(fp) && fp[j] != c {
				if fp[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			i = j + 1
		case c == '@' || c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < len(fp) && (fp[j] == '@' || fp[j] == '_' || fp[j] == '$' || fp[j] == '.' ||
				fp[j] >= 'a' && fp[j] <= 'z' || fp[j] >= 'A' && fp[j] <= 'Z' || fp[j] >= '0' && fp[j] <= '9') {
				j++
			}
			k := j
			for k < len(fp) && fp[k] == ' ' {
				k++
			}
			w := word{text: strings.ToLower(fp[i:j]), depth: depth, call: k < len(fp) && fp[k] == '('}
			if w.call {
				m := k + 1
				for m < len(fp) && fp[m] == ' ' {
					m++
				}
				w.bare = m < len(fp) && fp[m] == ')'
			}
			out = append(out, w)
			i = j
		default:
			i++
		}
	}
	return out
}

// hasOrderBy reports whether the statement sorts its result: an ORDER BY
// outside parentheses (a subquery's or a window's ORDER BY does not order
// the rows returned).
func hasOrderBy(fp string) bool {
	ws := words(fp)
	for i := 0; i+1 < len(ws); i++ {
		if ws[i].depth == 0 && ws[i].text == "order" && ws[i+1].text == "by" {
			return true
		}
	}
	return false
}

// hasTopLevel reports whether keyword appears outside parentheses.
func hasTopLevel(fp, keyword string) bool {
	for _, w := range words(fp) {
		if w.depth == 0 && w.text == keyword {
			return true
		}
	}
	return false
}

// volatileFunctions return a different value on each run or each server,
// so rows that hold them cannot be compared.
var volatileFunctions = map[string]bool{
	"now": true, "sysdate": true, "rand": true, "uuid": true, "uuid_short": true, "curdate": true,
	"curtime": true, "utc_timestamp": true, "utc_date": true, "utc_time": true, "unix_timestamp": true,
	"connection_id": true, "version": true, "current_timestamp": true, "current_date": true,
	"current_time": true, "localtime": true, "localtimestamp": true, "last_insert_id": true,
	"found_rows": true, "row_count": true, "sleep": true, "benchmark": true, "random_bytes": true,
}

// volatileWords are volatile without parentheses.
var volatileWords = map[string]bool{
	"current_timestamp": true, "current_date": true, "current_time": true, "localtime": true,
	"localtimestamp": true,
}

// nondeterministic names what makes the statement's rows vary between runs
// and servers ("NOW()", "@@hostname"), "" when nothing does. UNIX_TIMESTAMP
// with an argument is deterministic.
func nondeterministic(fp string) string {
	ws := words(fp)
	for _, w := range ws {
		switch {
		case strings.HasPrefix(w.text, "@@"):
			return w.text
		case w.call && volatileFunctions[w.text]:
			if w.text == "unix_timestamp" && !w.bare {
				continue // UNIX_TIMESTAMP(col)
			}
			return strings.ToUpper(w.text) + "()"
		case !w.call && volatileWords[w.text]:
			return strings.ToUpper(w.text)
		}
	}
	return ""
}
