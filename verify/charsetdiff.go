package verify

import (
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// compareCharset compares character sets, or collations when the character
// set is the same. ok is false when they agree or a side is not text.
func compareCharset(s, t schema.Column) (f Finding, ok bool) {
	if s.Kind() == schema.JSON || t.Kind() == schema.JSON || s.Charset == "" || t.Charset == "" {
		return Finding{}, false
	}
	sc, tc := normCharset(s.Charset), normCharset(t.Charset)
	if sc != tc {
		sev, why := Notice, tc+" holds every "+sc+" character"
		if !charsetCovers(tc, sc) {
			sev, why = Difference, tc+" cannot hold every "+sc+" character"
		}
		return Finding{Severity: sev, Kind: "charset", Source: s.Charset, Target: t.Charset,
			Message: fmt.Sprintf("character set %s (%s) on source, %s (%s) on target (%s)",
				s.Charset, s.Collation, t.Charset, t.Collation, why)}, true
	}
	if s.Collation != "" && t.Collation != "" && normCollation(s.Collation) != normCollation(t.Collation) {
		return Finding{Severity: Notice, Kind: "collation", Source: s.Collation, Target: t.Collation,
			Message: fmt.Sprintf("collation %s on source, %s on target (sorting and comparing differ)", s.Collation, t.Collation)}, true
	}
	return Finding{}, false
}

// normCharset folds utf8, the name MySQL before 8.0.30 and MariaDB before
// 10.6 give utf8mb3.
func normCharset(cs string) string {
	cs = strings.ToLower(cs)
	if cs == "utf8" {
		return "utf8mb3"
	}
	return cs
}

func normCollation(coll string) string {
	coll = strings.ToLower(coll)
	if rest, ok := strings.CutPrefix(coll, "utf8_"); ok {
		return "utf8mb3_" + rest
	}
	return coll
}

// unicodeCharsets hold every Unicode character.
var unicodeCharsets = map[string]bool{"utf8mb4": true, "utf16": true, "utf16le": true, "utf32": true, "gb18030": true}

// charsetCovers reports whether wide holds every character of narrow.
// Every other character set lies in Unicode's basic plane, which utf8mb3
// and ucs2 hold.
func charsetCovers(wide, narrow string) bool {
	switch {
	case wide == narrow, unicodeCharsets[wide], narrow == "ascii":
		return true
	case wide == "utf8mb3" || wide == "ucs2":
		return !unicodeCharsets[narrow]
	}
	return false
}

// charsetMaxLen is the most bytes one character takes; unknown sets count 4.
func charsetMaxLen(cs string) int {
	switch normCharset(cs) {
	case "utf8mb3", "ujis", "eucjpms":
		return 3
	case "ucs2", "big5", "sjis", "euckr", "gb2312", "gbk", "cp932":
		return 2
	case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030", "":
		return 4
	}
	return 1
}
