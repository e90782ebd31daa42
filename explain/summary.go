package explain

import (
	"math"
	"strconv"
	"strings"
)

// Summary is the plan in one line, tables in plan order with the plan-wide
// flags on the first one, as traditional EXPLAIN puts "Using temporary;
// Using filesort" on its first row:
//
//	orders ALL (1.2k rows, filesort, temporary); customers eq_ref PRIMARY
//
// Row estimates of one or less are left out. A plan that reads no table
// (SELECT 1, an impossible WHERE, format 2's tables read while optimizing)
// is "no tables".
func (p *Plan) Summary() string {
	var flags []string
	if p.Filesort {
		flags = append(flags, "filesort")
	}
	if p.Temporary {
		flags = append(flags, "temporary")
	}
	if len(p.Accesses) == 0 {
		return withDetails("no tables", flags)
	}
	parts := make([]string, len(p.Accesses))
	for i, a := range p.Accesses {
		var details []string
		if a.Rows > 1 {
			details = append(details, count(a.Rows)+" rows")
		}
		if i == 0 {
			details = append(details, flags...)
		}
		name := a.Table
		if name == "" {
			name = "?"
		}
		parts[i] = withDetails(name+" "+accessText(a), details)
	}
	return strings.Join(parts, "; ")
}

func withDetails(s string, details []string) string {
	if len(details) == 0 {
		return s
	}
	return s + " (" + strings.Join(details, ", ") + ")"
}

// count writes a row estimate short: 12, 1.2k, 35k, 4M.
func count(n float64) string {
	neg := n < 0
	n = math.Abs(n)
	unit := 0
	const units = "kMGTPE"
	for n >= 999.5 && unit < len(units) {
		n /= 1000
		unit++
	}
	var s string
	switch {
	case unit == 0:
		s = strconv.FormatFloat(math.Round(n), 'f', -1, 64)
	case n < 9.95:
		s = strings.TrimSuffix(strconv.FormatFloat(n, 'f', 1, 64), ".0") + units[unit-1:unit]
	default:
		s = strconv.FormatFloat(math.Round(n), 'f', -1, 64) + units[unit-1:unit]
	}
	if neg && s != "0" {
		s = "-" + s
	}
	return s
}
