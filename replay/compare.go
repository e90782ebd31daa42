package replay

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// agreeForms picks each column's form from both sides' types; a side that
// failed has no columns, and the other's types decide alone.
func agreeForms(a, b []*sql.ColumnType) []form {
	n := max(len(a), len(b))
	forms := make([]form, n)
	for i := range forms {
		fa, fb := famAny, famAny
		if i < len(a) {
			fa = familyOf(a[i].DatabaseTypeName())
		}
		if i < len(b) {
			fb = familyOf(b[i].DatabaseTypeName())
		}
		forms[i] = formFor(fa, fb)
	}
	return forms
}

// classify compares the two outcomes of s and sets its differences,
// notices and verdict. volatile names the functions that make its rows
// differ from run to run (NOW()), "" for none.
func classify(s *Statement, src, tgt *checked, volatile string) {
	defer func() { s.Verdict = verdictOf(s) }()
	if compareErrors(s) {
		return
	}
	comparable := compareColumns(s)
	compareWarnings(s)
	if !comparable {
		s.Notices = append(s.Notices, "rows not compared: the results have different columns")
		return
	}
	sameRows := src.digest.sum == tgt.digest.sum
	if volatile != "" {
		if !sameRows {
			s.Notices = append(s.Notices, fmt.Sprintf("rows not compared: the statement calls %s, "+
				"whose value differs from run to run and server to server", volatile))
		}
		return
	}
	if !sameRows {
		s.Differences = append(s.Differences, rowsDiff(s, src.digest, tgt.digest))
		return
	}
	if src.digest.orderedHash() == tgt.digest.orderedHash() {
		return
	}
	at := "from the start"
	if k := firstOrderDifference(src.digest.hashes, tgt.digest.hashes); k >= 0 && !src.digest.overflow {
		at = fmt.Sprintf("from row %d", k+1)
	}
	if s.Ordered {
		s.Differences = append(s.Differences, Difference{Kind: OrderDiff, Detail: fmt.Sprintf(
			"the same %d rows in another order %s, although the statement has ORDER BY: rows that tie on "+
				"the sort key may come in any order, so an application that pages by it can show them twice "+
				"or never", s.Source.Rows, at)})
		return
	}
	s.Notices = append(s.Notices, fmt.Sprintf("the same %d rows in another order %s: the statement has no "+
		"ORDER BY, so either order is right, but code that relies on the old order (GROUP BY sorted "+
		"implicitly before MySQL 8.0) now sees another", s.Source.Rows, at))
}

func verdictOf(s *Statement) Verdict {
	switch {
	case len(s.Differences) > 0:
		return Different
	case s.Source.Error != nil && (s.Source.Error.Lost || s.Source.Error.Timeout) &&
		s.Target.Error != nil && (s.Target.Error.Lost || s.Target.Error.Timeout):
		return Failed
	case len(s.Notices) > 0:
		return Notice
	}
	return Same
}

// compareErrors reports a statement that failed on either side; true when
// one did, and there is nothing more to compare.
func compareErrors(s *Statement) bool {
	se, te := s.Source.Error, s.Target.Error
	switch {
	case se == nil && te == nil:
		return false
	case se != nil && te != nil:
		switch {
		case (se.Lost || se.Timeout) && (te.Lost || te.Timeout):
			s.Notices = append(s.Notices, fmt.Sprintf("not compared: source %s; target %s", se, te))
		case se.Code != 0 && se.Code == te.Code:
			s.Notices = append(s.Notices, fmt.Sprintf("fails alike on both servers: %s", te))
		default:
			s.Differences = append(s.Differences, Difference{Kind: ErrorDiff,
				Detail: fmt.Sprintf("source %s; target %s", se, te)})
		}
	case se != nil:
		s.Differences = append(s.Differences, Difference{Kind: ErrorDiff,
			Detail: fmt.Sprintf("fails on the source only: %s", se)})
	default:
		s.Differences = append(s.Differences, Difference{Kind: ErrorDiff,
			Detail: fmt.Sprintf("fails on the target only: %s", te)})
	}
	return true
}

// String is the error as the mysql client shows it.
func (e *ServerError) String() string {
	if e.Code != 0 {
		return fmt.Sprintf("ERROR %d: %s", e.Code, e.Message)
	}
	return e.Message
}

// compareColumns reports columns that differ in number, name or family;
// false when rows cannot be compared column by column.
func compareColumns(s *Statement) bool {
	a, b := s.Source.Columns, s.Target.Columns
	if len(a) != len(b) {
		s.Differences = append(s.Differences, Difference{Kind: ColumnDiff,
			Detail: fmt.Sprintf("%d columns on the source, %d on the target", len(a), len(b))})
		return false
	}
	var diffs []string
	for i := range a {
		if !strings.EqualFold(a[i].Name, b[i].Name) {
			diffs = append(diffs, fmt.Sprintf("column %d is %q on the source, %q on the target", i+1,
				a[i].Name, b[i].Name))
		}
		if !compatible(familyOf(a[i].Type), familyOf(b[i].Type)) {
			diffs = append(diffs, fmt.Sprintf("%s is %s on the source, %s on the target", a[i].Name, a[i].Type,
				b[i].Type))
		}
	}
	if len(diffs) > 0 {
		s.Differences = append(s.Differences, Difference{Kind: ColumnDiff, Detail: strings.Join(diffs, "; ")})
	}
	return true
}

// compareWarnings reports warnings whose level and code differ; messages
// alone may be worded differently by each version.
func compareWarnings(s *Statement) {
	key := func(ws []Warning) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = fmt.Sprintf("%s %d", w.Level, w.Code)
		}
		slices.Sort(out)
		return out
	}
	if slices.Equal(key(s.Source.Warnings), key(s.Target.Warnings)) {
		return
	}
	s.Differences = append(s.Differences, Difference{Kind: WarningDiff, Detail: fmt.Sprintf(
		"source: %s; target: %s", warningList(s.Source.Warnings), warningList(s.Target.Warnings))})
}

func warningList(ws []Warning) string {
	if len(ws) == 0 {
		return "no warnings"
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%s %d %s", w.Level, w.Code, w.Message)
	}
	return strings.Join(parts, ", ")
}

func rowsDiff(s *Statement, src, tgt *digest) Difference {
	d := Difference{Kind: RowsDiff}
	if src.overflow || tgt.overflow {
		d.Detail = fmt.Sprintf("%s on the source, %d on the target, with different contents (too many "+
			"rows to list which)", rowCount(src.sum.Rows), tgt.sum.Rows)
		return d
	}
	onlySrc, onlyTgt := rowDiff(src.hashes, tgt.hashes)
	d.Detail = fmt.Sprintf("%s on the source, %d on the target: %d only on the source, %d only on the "+
		"target", rowCount(src.sum.Rows), tgt.sum.Rows, total(onlySrc), total(onlyTgt))
	if !s.Ordered && hasTopLevel(s.SQL, "LIMIT") {
		d.Detail += " (the statement has LIMIT without ORDER BY, so each server may pick other rows)"
	}
	return d
}

// rowCount is "1 row" or "12 rows".
func rowCount(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

func total[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// rowsDifference is s's rows difference, nil when its rows are equal.
func rowsDifference(s *Statement) *Difference {
	for i := range s.Differences {
		if s.Differences[i].Kind == RowsDiff {
			return &s.Differences[i]
		}
	}
	return nil
}
