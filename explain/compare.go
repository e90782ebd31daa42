package explain

import (
	"fmt"
	"strconv"
)

// RowsFactor is how far a table's row estimate must move, as a ratio,
// before Compare reports it. Estimates come from sampled statistics and
// differ between servers (and between two ANALYZE TABLE runs) by tens of
// percent on the same data; a tenfold move means a different plan.
const RowsFactor = 10

// Change is one way a plan differs from another, worded for people.
type Change struct {
	// Table is the table the change is about, "" for the whole plan. A
	// table that appears twice is "orders#2" the second time; a derived
	// table the servers name differently is "<derived2>/t".
	Table string
	// What says what changed: "type ALL → ref", "key none → idx_customer",
	// "rows 1.2k → 3", "only in target plan (ref idx_customer)",
	// "filesort added", "temporary table removed".
	What string
}

// String is the change on one line, "orders: type ALL → ref".
func (c Change) String() string {
	if c.Table == "" {
		return c.What
	}
	return c.Table + ": " + c.What
}

// Compare lists what differs between the plan of a query on the source and
// on the target, in source plan order, then tables only the target reads,
// then the plan-wide flags. It is empty when the plans read every table
// the same way, sort the same way and use a temporary table alike. Tables
// are matched by name (the n-th "orders" with the n-th "orders"); then a
// materialized table left on one side is paired with one left on the other,
// because MariaDB calls a derived table "<derived2>" and MySQL calls it by
// its alias. A nil plan counts as one that reads nothing.
func Compare(source, target *Plan) []Change {
	src, dst := labelled(source), labelled(target)
	var changes []Change
	matched := make([]bool, len(dst))
	var pending []int
	for i, s := range src {
		j := find(dst, matched, func(d labelledAccess) bool { return d.label == s.label })
		if j < 0 {
			pending = append(pending, i)
			continue
		}
		matched[j] = true
		changes = append(changes, diff(s.label, s.Access, dst[j].Access)...)
	}
	for _, i := range pending {
		s := src[i]
		j := -1
		if s.Materialized {
			j = find(dst, matched, func(d labelledAccess) bool { return d.Materialized })
		}
		if j < 0 {
			changes = append(changes, Change{Table: s.label, What: "only in source plan (" + accessText(s.Access) + ")"})
			continue
		}
		matched[j] = true
		changes = append(changes, diff(s.label+"/"+dst[j].label, s.Access, dst[j].Access)...)
	}
	for j, d := range dst {
		if !matched[j] {
			changes = append(changes, Change{Table: d.label, What: "only in target plan (" + accessText(d.Access) + ")"})
		}
	}
	var sf, tf, st, tt bool
	if source != nil {
		sf, st = source.Filesort, source.Temporary
	}
	if target != nil {
		tf, tt = target.Filesort, target.Temporary
	}
	changes = appendFlag(changes, "filesort", sf, tf)
	changes = appendFlag(changes, "temporary table", st, tt)
	return changes
}

type labelledAccess struct {
	Access
	label string // Table, with "#n" for the n-th occurrence of a name after the first
}

func labelled(p *Plan) []labelledAccess {
	if p == nil {
		return nil
	}
	seen := map[string]int{}
	out := make([]labelledAccess, len(p.Accesses))
	for i, a := range p.Accesses {
		seen[a.Table]++
		label := a.Table
		if n := seen[a.Table]; n > 1 {
			label += "#" + strconv.Itoa(n)
		}
		out[i] = labelledAccess{Access: a, label: label}
	}
	return out
}

func find(as []labelledAccess, taken []bool, match func(labelledAccess) bool) int {
	for i, a := range as {
		if !taken[i] && match(a) {
			return i
		}
	}
	return -1
}

// diff lists how one table's access changed.
func diff(table string, s, t Access) []Change {
	var changes []Change
	if s.Type != t.Type {
		changes = append(changes, Change{Table: table, What: "type " + s.Type + " → " + t.Type})
	}
	if s.Key != t.Key {
		changes = append(changes, Change{Table: table, What: "key " + keyText(s.Key) + " → " + keyText(t.Key)})
	}
	if rowsMoved(s.Rows, t.Rows) {
		changes = append(changes, Change{Table: table, What: "rows " + count(s.Rows) + " → " + count(t.Rows)})
	}
	return changes
}

// rowsMoved reports estimates more than RowsFactor apart. Estimates under
// one row count as one, so 0 → 3 is not a change and 0 → 30 is.
func rowsMoved(a, b float64) bool {
	lo, hi := max(min(a, b), 1), max(a, b, 1)
	return hi/lo > RowsFactor
}

func appendFlag(changes []Change, what string, source, target bool) []Change {
	switch {
	case !source && target:
		return append(changes, Change{What: what + " added"})
	case source && !target:
		return append(changes, Change{What: what + " removed"})
	}
	return changes
}

func keyText(key string) string {
	if key == "" {
		return "none"
	}
	return key
}

// accessText is an access without its table: "ref idx_customer".
func accessText(a Access) string {
	if a.Key == "" {
		return a.Type
	}
	return fmt.Sprintf("%s %s", a.Type, a.Key)
}
