package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// JUnit renders a report as JUnit XML, so that a CI system shows one test
// case per table (verify, extract) or per cell (bench, bench compare):
//
//	<testsuites name="parity" tests="3" failures="2" time="0.068">
//	  <testsuite name="parity verify" tests="3" failures="2" skipped="0" time="0.068" ...>
//	    <testcase classname="parity.verify" name="shop.customers" time="0.067">
//	      <failure message="2 differing rows: 1 missing, 0 extra, 1 changed" type="different">...</failure>
//
// Two extractions compared get a case per table per pair of runs, a replay
// a case per statement class, and a combined report a suite per section.
//
// A differing table, a schema difference, a bench or extract regression, a
// replayed class that differs, failed or is slower, and a failed run fail;
// a bench cell whose query failed is skipped, since a failing query is a
// result of the benchmark rather than a broken test, and so is a replayed
// class that was not read-only.
type JUnit struct{}

// junitListedDiffs is how many differing rows a failing table's case lists.
const junitListedDiffs = 20

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Skipped   *junitProblem `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitProblem is a <failure> or a <skipped>: a one-line message and, for
// failures, the details as text.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// add appends c and counts it.
func (s *junitSuite) add(c junitCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Skipped != nil {
		s.Skipped++
	}
}

// Render writes r as JUnit XML: one test suite, or for a combined report
// one per section.
func (JUnit) Render(w io.Writer, r *Report) error {
	doc := junitSuites{Name: "parity", Time: junitTime(r.Seconds)}
	if r.Command == CommandCombined {
		if r.Title != "" {
			doc.Name = r.Title
		}
		for _, s := range r.Sections {
			doc.Suites = append(doc.Suites, junitSuiteOf(s))
		}
	} else {
		doc.Suites = []junitSuite{junitSuiteOf(r)}
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitSuiteOf makes the test suite of one result.
func junitSuiteOf(r *Report) junitSuite {
	var s junitSuite
	switch {
	case r.Verify != nil:
		s = junitVerify(r.Verify)
	case r.Compare != nil:
		s = junitCompare(r.Compare)
	case r.Bench != nil:
		s = junitBench(r.Bench)
	case r.Extract != nil:
		s = junitExtract(r.Extract)
	case r.ExtractCompare != nil:
		s = junitExtractCompare(r.ExtractCompare)
	case r.Replay != nil:
		s = junitReplay(r.Replay)
	}
	s.Name = "parity " + r.Command
	if r.Title != "" {
		s.Name = r.Title
	}
	if r.Source != "" {
		s.Name += " (" + r.Source + ")"
	}
	s.Time = junitTime(r.Seconds)
	if !r.Started.IsZero() {
		// The JUnit schema's timestamp has no zone; it is UTC.
		s.Timestamp = r.Started.UTC().Format("2006-01-02T15:04:05")
	}
	s.Properties = append([]junitProperty{{Name: "parity_version", Value: r.Version}, {Name: "status", Value: r.Status}},
		s.Properties...)
	for _, sr := range r.Servers {
		s.Properties = append(s.Properties, junitProperty{Name: sr.Role, Value: sr.Server.String()})
	}
	if r.Error != "" || r.Status == "failed" || r.Status == "interrupted" {
		msg := r.Error
		if msg == "" {
			msg = r.Status
		}
		s.add(junitCase{Classname: junitClass(r.Command), Name: "parity " + r.Command, Time: junitTime(0),
			Failure: &junitProblem{Message: msg, Type: r.Status}})
	}
	return s
}

// junitClass is the class name of a command's cases: "parity.bench.compare".
func junitClass(command string) string {
	return "parity." + strings.ReplaceAll(command, " ", ".")
}

func junitTime(seconds float64) string { return strconv.FormatFloat(seconds, 'f', 3, 64) }

// junitVerify makes a case per table whose schema differs, then a case per
// table pair; notices go to the suite's output. After --apply-fix it
// reports the second verification, the state the target is left in.
func junitVerify(d *result.Verify) junitSuite {
	const class = "parity.verify"
	var s junitSuite
	res := d.Result
	if res == nil {
		return s
	}
	final := d.Final()
	var out []string
	if d.Reverify != nil {
		out = append(out, fmt.Sprintf("verified again after applying %d fix statements (--apply-fix); before the fix: %s, %d differing rows",
			d.Applied, res.Status, res.RowDiffs))
	}
	var tables []string
	findings := map[string][]verify.Finding{}
	for _, f := range final.Schema {
		if f.Severity != verify.Difference {
			out = append(out, fmt.Sprintf("%s %s: %s", f.Severity, f.Table, f.Message))
			continue
		}
		if findings[f.Table] == nil {
			tables = append(tables, f.Table)
		}
		findings[f.Table] = append(findings[f.Table], f)
	}
	for _, t := range tables {
		fs := findings[t]
		lines := make([]string, len(fs))
		for i, f := range fs {
			lines[i] = f.Kind + ": " + f.Message
		}
		msg := fs[0].Message
		if len(fs) > 1 {
			msg = fmt.Sprintf("%d schema differences", len(fs))
		}
		s.add(junitCase{Classname: class, Name: "schema " + t, Time: junitTime(0),
			Failure: &junitProblem{Message: msg, Type: "schema", Text: strings.Join(lines, "\n")}})
	}
	for _, tr := range final.Tables {
		c := junitCase{Classname: class, Name: tr.Table, Time: junitTime(tr.Seconds), SystemOut: junitTableOut(tr)}
		switch tr.Status {
		case verify.StatusEqual:
		case verify.StatusSkipped:
			c.Skipped = &junitProblem{Message: "data not compared (--schema-only)"}
		case verify.StatusIncomplete:
			c.Failure = &junitProblem{Message: "not compared to the end: the run stopped before this table was done", Type: tr.Status}
		default:
			c.Failure = &junitProblem{
				Message: fmt.Sprintf("%d differing rows: %d missing, %d extra, %d changed", tr.Differing(), tr.Missing, tr.Extra, tr.Changed),
				Type:    tr.Status,
				Text:    junitDiffs(tr),
			}
		}
		s.add(c)
	}
	out = append(out, final.Notes...)
	if final.PausedSecs > 0 {
		out = append(out, fmt.Sprintf("paused %s s for --max-lag / --max-threads-running", Seconds(final.PausedSecs)))
	}
	s.SystemOut = strings.Join(out, "\n")
	return s
}

// junitTableOut says what was compared and how.
func junitTableOut(tr *verify.TableResult) string {
	return fmt.Sprintf("%s → %s: %s source rows, %s target rows, %d chunks (%d differing); %s",
		tr.Table, tr.Target, Count(tr.SourceRows), Count(tr.TargetRows), tr.Chunks, tr.ChunksDiffer, how(tr))
}

// junitDiffs lists a table's first junitListedDiffs differing rows.
func junitDiffs(tr *verify.TableResult) string {
	var lines []string
	for i, d := range tr.Diffs {
		if i == junitListedDiffs {
			break
		}
		lines = append(lines, d.Kind+" "+describeDiff(d))
	}
	if more := int64(len(tr.Diffs)-len(lines)) + tr.DiffsOmitted; more > 0 {
		lines = append(lines, fmt.Sprintf("... %d more", more))
	}
	return strings.Join(lines, "\n")
}

// junitCompare makes a case per cell of bench compare, failing the
// regressions. A cell that could not be measured in the newer run (removed,
// still failing) is skipped.
func junitCompare(d *result.BenchCompare) junitSuite {
	const class = "parity.bench.compare"
	s := junitSuite{Properties: []junitProperty{{Name: "threshold_percent", Value: strconv.FormatFloat(d.Threshold.Percent(), 'f', -1, 64)}}}
	regressions := 0
	for _, ch := range d.Changes {
		c := junitCase{Classname: class, Name: ch.Key, Time: junitTime(0)}
		if ch.New != nil {
			c.Time = junitTime(ch.New.Median)
		}
		change := ""
		if ch.Compare != nil {
			change = ch.Compare.String()
		}
		detail := fmt.Sprintf("old: %s\nnew: %s", recordCell(ch.Old), recordCell(ch.New))
		switch {
		case ch.Verdict == bench.NowFailing:
			regressions++
			c.Failure = &junitProblem{Message: "now failing: " + junitRecordError(ch.New), Type: string(ch.Verdict), Text: detail}
		case ch.IsRegression():
			regressions++
			c.Failure = &junitProblem{Message: change + " beyond " + Percent(d.Threshold),
				Type: string(ch.Verdict), Text: detail}
		case ch.Verdict == bench.Removed:
			c.Skipped = &junitProblem{Message: "only in the baseline run"}
		case ch.Verdict == bench.StillFails:
			c.Skipped = &junitProblem{Message: "still failing: " + junitRecordError(ch.New)}
		default:
			c.SystemOut = string(ch.Verdict)
			if change != "" {
				c.SystemOut += ": " + change
			}
			c.SystemOut += "\n" + detail
		}
		s.add(c)
	}
	s.SystemOut = fmt.Sprintf("%d regression(s) beyond %s (Mann-Whitney U, p < 0.05)", regressions, Percent(d.Threshold))
	return s
}

// junitRecordError is the error of a recorded cell, if any.
func junitRecordError(c *bench.RecordCell) string {
	if c == nil {
		return ""
	}
	return c.Error
}

// junitBench makes a case per grid cell, timed by its median. A cell whose
// query failed is skipped with the error.
func junitBench(r *bench.Result) junitSuite {
	const class = "parity.bench"
	var s junitSuite
	for _, cell := range r.Cells {
		c := junitCase{Classname: class, Name: cell.Key(), Time: junitTime(0)}
		if st := cell.Stats; st != nil {
			c.Time = junitTime(st.Median)
			c.SystemOut = fmt.Sprintf("%s ±%.1f%% n=%d", Duration(st.Median), st.CIPercent(), st.N)
			if counters := keyCounters(cell.Counters); counters != "" {
				c.SystemOut += "; " + counters
			}
		}
		switch {
		case cell.Error != nil:
			c.Skipped = &junitProblem{Message: cell.Error.String()}
		case cell.Stats == nil:
			c.Skipped = &junitProblem{Message: "not run"}
		}
		s.add(c)
	}
	return s
}

// junitExtract makes a case per table per run, timed by the table's read.
func junitExtract(runs []*result.ExtractRun) junitSuite {
	var s junitSuite
	for _, run := range runs {
		if run.Result == nil {
			continue
		}
		for _, tr := range run.Tables {
			s.add(junitCase{Classname: "parity.extract." + run.Role, Name: tr.Schema + "." + tr.Name, Time: junitTime(tr.Seconds),
				SystemOut: fmt.Sprintf("%s rows, %s MB, %s rows/s, %.1f MB/s, %d chunks (%s)",
					Count(tr.Rows), MB(tr.Bytes), Rate(tr.RowsPerSec), tr.MBPerSec, len(tr.Chunks), tr.Chunking)})
		}
	}
	return s
}

// junitExtractCompare makes a case per table per pair of runs, timed by
// the new run's read and failing the regressions. A table only the old
// run read is skipped; a pair whose run did not finish fails.
func junitExtractCompare(c *result.ExtractComparison) junitSuite {
	s := junitSuite{Properties: []junitProperty{{Name: "threshold_percent", Value: strconv.FormatFloat(c.Threshold.Percent(), 'f', -1, 64)}}}
	for _, d := range c.Runs {
		label := d.OldRole
		if d.NewRole != d.OldRole {
			label += "-" + d.NewRole
		}
		class := "parity.extract.compare." + label
		if d.Note != "" {
			s.add(junitCase{Classname: class, Name: d.Label() + " run", Time: junitTime(0),
				Failure: &junitProblem{Message: d.Note, Type: "incomplete"}})
			continue
		}
		for _, ch := range d.Tables {
			cells := extractChangeCells(ch)
			tc := junitCase{Classname: class, Name: ch.Table, Time: junitTime(0)}
			if ch.New != nil {
				tc.Time = junitTime(ch.New.Seconds)
			}
			detail := fmt.Sprintf("rows %s; seconds %s → %s", cells[1], junitOr(cells[2]), junitOr(cells[3]))
			if cells[4] != "" {
				detail += " (" + cells[4] + ")"
			}
			detail += fmt.Sprintf("; MB/s %s → %s", junitOr(cells[5]), junitOr(cells[6]))
			switch ch.Verdict {
			case stats.Regression:
				tc.Failure = &junitProblem{Message: cells[7] + " beyond " + Percent(c.Threshold), Type: string(ch.Verdict), Text: detail}
			case result.TableOnlyOld:
				tc.Skipped = &junitProblem{Message: "only in the old run"}
			default:
				tc.SystemOut = string(ch.Verdict)
				if cells[7] != "" {
					tc.SystemOut += ": " + cells[7]
				}
				tc.SystemOut += "\n" + detail
			}
			s.add(tc)
		}
	}
	out := []string{extractRegressions(c) + " (" + extractChangeLegend() + ")"}
	s.SystemOut = strings.Join(append(out, c.Notes...), "\n")
	return s
}

// junitOr shows a missing value as "-".
func junitOr(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
