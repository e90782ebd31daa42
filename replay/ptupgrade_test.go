package replay_test

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// What pt-upgrade (3.2) reports of a statement, by the heading of the
// section its example is in.
const (
	ptError    = "Query errors" // fails on one host only
	ptFailed   = "SQL errors"   // fails on both
	ptRows     = "Row"          // row count or row data
	ptWarnings = "Warning"
	ptTime     = "Query time" // one run ten times slower on the second host
)

// ptReport is a pt-upgrade report read back: the sections each statement
// is an example of, and the counters of its Stats section.
type ptReport struct {
	kinds map[string][]string
	stats map[string]int
}

var (
	ptSection = regexp.MustCompile(`^## (.+?) diffs: \d+$|^## (SQL errors): \d+$`)
	ptExample = regexp.MustCompile(`^-- \d+\.$`)
	ptStat    = regexp.MustCompile(`^([a-z_]+) +(\d+)$`)
)

// parsePtUpgrade reads the report pt-upgrade prints. A query class is
//
//	########################################################################
//	# Query class F277EC3C3C1834D5
//	########################################################################
//	...
//	##
//	## Query errors diffs: 1
//	##
//
//	-- 1.
//
//	No error
//
//	vs.
//
//	DBD::mysql::st execute failed: FUNCTION db.MD5 does not exist [...]
//
//	SELECT MD5('a')
//
// and each example ends with its statement, on its last line: the log's
// statements are one line each. With --max-examples high enough, every
// statement with a difference is an example.
func parsePtUpgrade(text string) *ptReport {
	r := &ptReport{kinds: map[string][]string{}, stats: map[string]int{}}
	section, inStats := "", false
	var example []string
	inExample := false
	flush := func() {
		if inExample {
			for i := len(example) - 1; i >= 0; i-- {
				if s := normalizeSQL(example[i]); s != "" {
					if !slices.Contains(r.kinds[s], section) {
						r.kinds[s] = append(r.kinds[s], section)
					}
					break
				}
			}
		}
		example, inExample = nil, false
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "####"), strings.HasPrefix(line, "#---"):
			flush()
			section = ""
		case strings.HasPrefix(line, "# "): // a heading: # Query class 0123, # Hosts, # Stats
			inStats = line == "# Stats"
		case line == "##":
			flush()
		case ptSection.MatchString(line):
			m := ptSection.FindStringSubmatch(line)
			section = m[1] + m[2]
		case section != "" && ptExample.MatchString(line):
			flush()
			inExample = true
		case inExample:
			example = append(example, line)
		case inStats:
			if m := ptStat.FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[2])
				r.stats[m[1]] = n
			}
		}
	}
	flush()
	return r
}

// differs reports whether pt-upgrade reported a difference of results for
// sql (an error on one side, rows or warnings), and whether only its time.
func (r *ptReport) differs(sql string) (results, timeOnly bool) {
	kinds := r.kinds[sql]
	for _, k := range kinds {
		if k == ptError || k == ptRows || k == ptWarnings {
			results = true
		}
	}
	return results, !results && slices.Contains(kinds, ptTime)
}

// TestParsePtUpgrade reads excerpts of a report pt-upgrade 3.2.1 wrote of
// the benchmark's log: some classes of it, each with its first examples.
func TestParsePtUpgrade(t *testing.T) {
	data, err := os.ReadFile("testdata/pt-upgrade-report.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := parsePtUpgrade(string(data))
	join := "SELECT o.id, c.name, o.status FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_id = "
	want := map[string][]string{
		join + "1744 ORDER BY o.id": {ptTime},
		join + "1705 ORDER BY o.id": {ptTime},
		join + "19 ORDER BY o.id":   {ptRows},
		"SELECT id, MD5(CONCAT(id, ':', status)) AS h FROM orders WHERE id = 14151":                     {ptError},
		"SELECT id, MD5(CONCAT(id, ':', status)) AS h FROM orders WHERE id = 20093":                     {ptError},
		"SELECT SQL_CALC_FOUND_ROWS id, status FROM orders WHERE customer_id = 773 ORDER BY id LIMIT 3": {ptWarnings},
		"SELECT id, doc FROM orders WHERE id = 23015":                                                   {ptTime},
		"SELECT id, doc FROM orders WHERE id = 18641":                                                   {ptTime},
		"SELECT id, doc FROM orders WHERE id = 7116":                                                    {ptRows},
		"SET SESSION long_query_time = 0":                                                               {ptFailed},
	}
	if len(r.kinds) != len(want) {
		t.Errorf("%d statements, want %d: %v", len(r.kinds), len(want), r.kinds)
	}
	for sql, kinds := range want {
		if got := r.kinds[sql]; !slices.Equal(got, kinds) {
			t.Errorf("%s: %v, want %v", sql, got, kinds)
		}
	}
	if r.stats["queries_read"] != 2029 || r.stats["not_select"] != 28 || r.stats["queries_with_diffs"] != 1003 {
		t.Errorf("stats %v", r.stats)
	}
	for sql, want := range map[string][2]bool{
		join + "1744 ORDER BY o.id":       {false, true},
		join + "19 ORDER BY o.id":         {true, false},
		"SET SESSION long_query_time = 0": {false, false},
	} {
		if res, timeOnly := r.differs(sql); res != want[0] || timeOnly != want[1] {
			t.Errorf("differs(%s) = %v, %v, want %v", sql, res, timeOnly, want)
		}
	}
}
