package verify

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/parity-db/parity/schema"
)

type fixFlush func(b []byte) ([]byte, error)

// fixAppendStatement appends the comment and SQL for s and returns how many
// statements it wrote. It checks s before it appends or flushes anything,
// so an invalid s leaves no trace. For example, a changed row of a keyed
// table:
//
//	-- changed shop.orders id=42: status, total
//	REPLACE INTO `shop`.`orders` (`id`, `status`, `total`) VALUES (42, 'paid', 9.50);
//
// and three extra copies of a row of a keyless table:
//
//	-- extra shop.log (keyless) x3
//	DELETE FROM `shop`.`log` WHERE `at` <=> 1 AND `msg` <=> NULL LIMIT 3;
func fixAppendStatement(b []byte, t FixTable, s FixStatement, flush fixFlush) ([]byte, int, error) {
	count, err := fixCheck(t, s)
	if err != nil {
		return b, 0, err
	}
	if len(t.Key) == 0 {
		return fixAppendKeyless(b, t, s, count, flush)
	}
	kv, err := fixKeyValues(t, s)
	if err != nil {
		return b, 0, err
	}
	comment := s.Kind + " " + t.Name + " " + fixKeyText(t.Key, kv)
	if s.Kind == fixChanged && len(s.Changed) > 0 {
		comment += ": " + strings.Join(s.Changed, ", ")
	}
	b = fixAppendComment(b, comment)
	n := 0
	if s.Kind == fixExtra || t.ResetKeys {
		b = append(b, "DELETE FROM "...)
		b = append(b, t.Table...)
		b = fixAppendWhere(b, t, t.Key, kv, false)
		if !t.ResetKeys {
			b = append(b, " LIMIT 1"...)
		}
		b = append(b, ";\n"...)
		n++
		if s.Kind == fixExtra {
			return b, n, nil
		}
	}
	verb := "REPLACE INTO "
	if t.ResetKeys {
		verb = "INSERT INTO "
	}
	b = fixAppendWrite(b, t, s, verb, 1)
	return b, n + 1, nil
}

// fixCheck validates s against t and returns its multiplicity.
func fixCheck(t FixTable, s FixStatement) (int, error) {
	if t.Table == "" || len(t.Columns) == 0 {
		return 0, errors.New("table has no name or no columns")
	}
	count := s.Count
	if count == 0 {
		count = 1
	}
	if count < 0 {
		return 0, fmt.Errorf("count %d is negative", s.Count)
	}
	keyed := len(t.Key) > 0
	switch s.Kind {
	case fixMissing, fixChanged, fixExtra:
	default:
		return 0, fmt.Errorf("unknown kind %q (want missing, changed or extra)", s.Kind)
	}
	// Only an extra row of a keyed table is identified by its key alone.
	if (s.Kind != fixExtra || !keyed) && len(s.Values) != len(t.Columns) {
		return 0, fmt.Errorf("%d values for %d columns", len(s.Values), len(t.Columns))
	}
	switch {
	case !keyed && s.Kind == fixChanged:
		return 0, errors.New("a changed row needs a key; a keyless table has only missing and extra rows")
	case keyed && count != 1:
		return 0, fmt.Errorf("count %d on a keyed table (rows are unique by key)", count)
	}
	return count, nil
}

// fixAppendUnfixable appends the comment that stands for a difference no
// statement can fix.
func fixAppendUnfixable(b []byte, t FixTable, s FixStatement) ([]byte, error) {
	if _, err := fixCheck(t, s); err != nil && !(len(t.Key) > 0 && len(s.KeyValues) == len(t.Key)) {
		return b, err
	}
	what := s.Kind + " " + t.Name
	if len(t.Key) > 0 {
		kv, err := fixKeyValues(t, s)
		if err != nil {
			return b, err
		}
		what += " " + fixKeyText(t.Key, kv)
	} else {
		what += " (keyless)"
		if s.Count > 1 {
			what += " x" + strconv.Itoa(s.Count)
		}
	}
	why := s.Unfixable
	if s.Detail != "" {
		why += " (" + s.Detail + ")"
	}
	return fixAppendComment(b, "NOT FIXED: "+what+": "+why), nil
}

// fixAppendWrite appends the INSERT or REPLACE of s's row (copies times),
// without the target's generated columns, which cannot be written. A row
// whose statement would pass t's size limit has its long values sent first
// in pieces, into user variables.
func fixAppendWrite(b []byte, t FixTable, s FixStatement, verb string, copies int) []byte {
	c := t.columns()
	vals := s.Values
	if len(c.writable) != len(vals) {
		vals = make([]string, len(c.writable))
		for i, j := range c.writable {
			vals[i] = s.Values[j]
		}
	}
	vals, pre, post := fixSplitLong(t, vals, len(t.Table)+len(verb)+64+len(c.quoted))
	b = append(b, pre...)
	if s.Relaxed {
		b = append(b, fixRelaxedMode...)
	}
	b = append(b, verb...)
	b = append(b, t.Table...)
	b = append(b, " ("...)
	b = append(b, c.quoted...)
	b = append(b, ") VALUES"...)
	row := fixAppendRow(nil, vals)
	if copies == 1 {
		b = append(b, ' ')
		b = append(b, row...)
	} else {
		// One row per line: reviewable, and a line never breaks inside a
		// literal.
		for i := range copies {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '\n')
			b = append(b, row...)
		}
	}
	b = append(b, ";\n"...)
	if s.Relaxed {
		b = append(b, fixStrictMode...)
	}
	return append(b, post...)
}

// fixAppendKeyless handles a table without a key: rows are identified by
// all their values, and count copies are inserted or deleted at once.
func fixAppendKeyless(b []byte, t FixTable, s FixStatement, count int, flush fixFlush) ([]byte, int, error) {
	comment := s.Kind + " " + t.Name + " (keyless)"
	if count > 1 {
		comment += " x" + strconv.Itoa(count)
	}
	b = fixAppendComment(b, comment)
	if s.Kind == fixExtra {
		vals, pre, post := fixSplitLong(t, s.Values, len(t.Table)+64+40*len(t.Columns))
		b = append(b, pre...)
		b = append(b, "DELETE FROM "...)
		b = append(b, t.Table...)
		b = fixAppendWhere(b, t, t.Columns, vals, true)
		b = append(b, " LIMIT "...)
		b = strconv.AppendInt(b, int64(count), 10)
		b = append(b, ";\n"...)
		return append(b, post...), 1, nil
	}
	row := fixAppendRow(nil, s.Values)
	per := min(fixInsertRows, max(1, fixInsertBytes/(len(row)+2)))
	n := 0
	for left := count; left > 0; left -= per {
		b = fixAppendWrite(b, t, s, "INSERT INTO ", min(left, per))
		n++
		if left > per {
			var err error
			if b, err = flush(b); err != nil {
				return b, n, err
			}
		}
	}
	return b, n, nil
}

// fixKeyValues returns the key literals: s.KeyValues, or else the key
// columns' entries of s.Values.
func fixKeyValues(t FixTable, s FixStatement) ([]string, error) {
	if len(s.KeyValues) == len(t.Key) {
		return s.KeyValues, nil
	}
	if len(s.KeyValues) != 0 || len(s.Values) != len(t.Columns) {
		return nil, fmt.Errorf("%d key values for %d key columns", len(s.KeyValues), len(t.Key))
	}
	kv := make([]string, len(t.Key))
	for i, k := range t.Key {
		j := fixColumnIndex(t.Columns, k)
		if j < 0 {
			return nil, fmt.Errorf("key column %q is not among the columns", k)
		}
		kv[i] = s.Values[j]
	}
	return kv, nil
}

// fixColumnIndex finds name in columns, exactly or else case-insensitively
// as MySQL compares column names.
func fixColumnIndex(columns []string, name string) int {
	for i, c := range columns {
		if c == name {
			return i
		}
	}
	for i, c := range columns {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

// fixAppendWhere appends " WHERE ..." naming the row whose cols hold vals.
// Without the target's column types, a column matches with = (or <=> when
// nullSafe, and for a NULL literal, since = NULL matches nothing). With
// them, each value is matched exactly (fixExactMatch), as a DELETE must: a
// collation's equality would also match 'ABC' or 'abc ' for 'abc'.
func fixAppendWhere(b []byte, t FixTable, cols, vals []string, nullSafe bool) []byte {
	b = append(b, " WHERE "...)
	for i, c := range cols {
		if i > 0 {
			b = append(b, " AND "...)
		}
		var tc *schema.Column
		if t.Target != nil {
			tc = t.Target.Column(c)
		}
		if tc != nil {
			b = fixExactMatch(b, *tc, t.Flavor, vals[i])
			continue
		}
		b = append(b, schema.QuoteIdent(c)...)
		if nullSafe || fixIsNull(vals[i]) {
			b = append(b, " <=> "...)
		} else {
			b = append(b, " = "...)
		}
		b = append(b, vals[i]...)
	}
	return b
}

// fixExactMatch appends a predicate true only for the row value that lit
// renders, whatever the column's collation or type:
//
//	`c` IS NULL                                         NULL
//	`c` = 'abc' AND CAST(`c` AS BINARY) = CAST(CONVERT('abc' USING latin1) AS BINARY)
//	                                                    text: its bytes, not collation equality
//	`f` = 1.100000023841858                             FLOAT: the exact double of the float
//	`j` = CAST('{"a": 1}' AS JSON)                      MySQL JSON: the document
//	SUBSTRING(CAST(`g` AS BINARY), 5) = X'0101...'      geometry: the WKB after the SRID
//	`n` = 42                                            numbers, dates, bytes
func fixExactMatch(b []byte, c schema.Column, flavor schema.Flavor, lit string) []byte {
	col := schema.QuoteIdent(c.Name)
	if fixIsNull(lit) {
		return append(append(b, col...), " IS NULL"...)
	}
	switch {
	case c.Kind() == schema.JSON && flavor != schema.MariaDB:
		return fmt.Appendf(b, "%s = CAST(%s AS JSON)", col, lit)
	case c.IsText():
		return fmt.Appendf(b, "%s = %s AND CAST(%s AS BINARY) = CAST(CONVERT(%s USING %s) AS BINARY)", col, lit, col, lit, c.Charset)
	case c.Kind() == schema.Float:
		if f, err := strconv.ParseFloat(lit, 32); err == nil {
			lit = strconv.FormatFloat(float64(float32(f)), 'g', -1, 64)
		}
	case isGeometry(c):
		if wkb, ok := strings.CutPrefix(lit, "ST_GeomFromWKB("); ok {
			return fmt.Appendf(b, "SUBSTRING(CAST(%s AS BINARY), 5) = %s", col, strings.TrimSuffix(wkb, ")"))
		}
	}
	return fmt.Appendf(b, "%s = %s", col, lit)
}

func isGeometry(c schema.Column) bool { return c.Kind() == schema.Geometry }

// fixSplitLong keeps a statement of fixed part fixed bytes plus vals within
// t's size limit: while it is too long, the longest literal is sent first
// in pieces into a user variable and the statement names the variable:
//
//	SET @parity_v1 = X'...';
//	SET @parity_v1 = CONCAT(@parity_v1, X'...');
//	REPLACE INTO `db`.`t` (`id`, `doc`) VALUES (1, CONVERT(@parity_v1 USING utf8mb4));
//	SET @parity_v1 = NULL;
//
// The server builds the value with CONCAT, which is bounded by its own
// max_allowed_packet, not the client's: a value larger than that cannot be
// written by any statement, and the caller marks such a row Unfixable.
func fixSplitLong(t FixTable, vals []string, fixed int) (out []string, pre, post []byte) {
	limit := t.MaxStatement
	if limit <= 0 {
		limit = fixMaxStatement
	}
	size := fixed
	for _, v := range vals {
		size += len(v) + 2
	}
	if size <= limit {
		return vals, nil, nil
	}
	out = append([]string(nil), vals...)
	piece := max(1, (limit-128)/2) // raw bytes per piece, sent as hex
	for n := 1; size > limit; n++ {
		i := longestLiteral(out)
		raw, use, ok := fixLiteralBytes(out[i])
		if !ok || len(out[i]) < 64 {
			break // nothing left to move: the row is as small as it gets
		}
		name := "@parity_v" + strconv.Itoa(n)
		for off := 0; off < len(raw) || off == 0; off += piece {
			chunk := raw[off:min(len(raw), off+piece)]
			if off == 0 {
				pre = fmt.Appendf(pre, "SET %s = X'%s';\n", name, hex.EncodeToString(chunk))
			} else {
				pre = fmt.Appendf(pre, "SET %s = CONCAT(%s, X'%s');\n", name, name, hex.EncodeToString(chunk))
			}
			if len(raw) == 0 {
				break
			}
		}
		post = fmt.Appendf(post, "SET %s = NULL;\n", name)
		size += len(use(name)) - len(out[i])
		out[i] = use(name)
	}
	return out, pre, post
}

func longestLiteral(vals []string) int {
	j := 0
	for i, v := range vals {
		if len(v) > len(vals[j]) {
			j = i
		}
	}
	return j
}

// fixLiteralBytes reads back a literal that Literals wrote for a text,
// binary or geometry value: its bytes, and the expression that uses a
// variable holding them in its place.
func fixLiteralBytes(lit string) (raw []byte, use func(v string) string, ok bool) {
	text := func(v string) string { return "CONVERT(" + v + " USING utf8mb4)" }
	switch {
	case strings.HasPrefix(lit, "_utf8mb4 X'") && strings.HasSuffix(lit, "'"):
		raw, err := hex.DecodeString(lit[len("_utf8mb4 X'") : len(lit)-1])
		return raw, text, err == nil
	case strings.HasPrefix(lit, "X'") && strings.HasSuffix(lit, "'"):
		raw, err := hex.DecodeString(lit[2 : len(lit)-1])
		return raw, func(v string) string { return v }, err == nil
	case strings.HasPrefix(lit, "ST_GeomFromWKB(X'") && strings.HasSuffix(lit, "')"):
		raw, err := hex.DecodeString(lit[len("ST_GeomFromWKB(X'") : len(lit)-2])
		return raw, func(v string) string { return "ST_GeomFromWKB(" + v + ")" }, err == nil
	case len(lit) >= 2 && lit[0] == '\'' && lit[len(lit)-1] == '\'':
		return []byte(strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")), text, true
	}
	return nil, nil, false
}

func fixIsNull(literal string) bool { return strings.EqualFold(strings.TrimSpace(literal), "NULL") }

// fixAppendRow appends "(v1, v2, ...)".
func fixAppendRow(b []byte, vals []string) []byte {
	b = append(b, '(')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return append(b, ')')
}

// fixKeyText is the key as the comment shows it: "id=42", or
// "(id, line)=(7, 2)" for a composite key. Long key literals are cut.
func fixKeyText(key, vals []string) string {
	short := make([]string, len(vals))
	for i, v := range vals {
		if len(v) > 80 {
			v = v[:77] + "..."
		}
		short[i] = v
	}
	if len(key) == 1 {
		return key[0] + "=" + short[0]
	}
	return "(" + strings.Join(key, ", ") + ")=(" + strings.Join(short, ", ") + ")"
}

// fixCommentSafe drops line breaks: text after one would leave the comment
// and run as SQL. Literals with control characters arrive as hex, but
// identifiers and endpoints may hold anything.
var fixCommentSafe = strings.NewReplacer("\r", "", "\n", "")

// fixAppendComment appends "-- text" as one line.
func fixAppendComment(b []byte, text string) []byte {
	b = append(b, "-- "...)
	b = append(b, fixCommentSafe.Replace(text)...)
	return append(b, '\n')
}
