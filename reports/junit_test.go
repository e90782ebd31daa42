package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// junitRead parses JUnit XML back, as a CI system would.
func junitRead(t *testing.T, data []byte) junitSuites {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(xml.Header)) {
		t.Errorf("no XML header: %.60q", data)
	}
	var doc junitSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, data)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d test suites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	failures, skipped := 0, 0
	for _, c := range s.Cases {
		if c.Failure != nil {
			failures++
		}
		if c.Skipped != nil {
			skipped++
		}
	}
	if s.Tests != len(s.Cases) || s.Failures != failures || s.Skipped != skipped || doc.Tests != s.Tests || doc.Failures != s.Failures {
		t.Errorf("counts: suites tests=%d failures=%d; suite tests=%d failures=%d skipped=%d; cases %d, failing %d, skipped %d",
			doc.Tests, doc.Failures, s.Tests, s.Failures, s.Skipped, len(s.Cases), failures, skipped)
	}
	return doc
}

func renderJUnit(t *testing.T, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (JUnit{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// caseNamed returns the suite's case called name, failing the test when
// there is none.
func caseNamed(t *testing.T, s junitSuite, name string) junitCase {
	t.Helper()
	for _, c := range s.Cases {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no test case %q", name)
	return junitCase{}
}

func TestJUnitVerify(t *testing.T) {
	out := renderJUnit(t, loadReport(t, "verify"))
	golden(t, "junit-verify.golden.xml", out)
	s := junitRead(t, out).Suites[0]
	// Both tables differ; the schema findings are all notices.
	if s.Name != "parity verify" || s.Tests != 2 || s.Failures != 2 {
		t.Errorf("suite %q: tests %d, failures %d; want parity verify, 2, 2", s.Name, s.Tests, s.Failures)
	}
	c := caseNamed(t, s, "shop.customers")
	if c.Classname != "parity.verify" || c.Failure == nil || c.Failure.Type != "different" ||
		c.Failure.Message != "2 differing rows: 1 missing, 0 extra, 1 changed" {
		t.Errorf("shop.customers: %+v", c)
	}
	if !strings.Contains(c.Failure.Text, "missing id=4242") || !strings.Contains(c.Failure.Text, "changed id=77: prefs") {
		t.Errorf("shop.customers failure lacks the differences:\n%s", c.Failure.Text)
	}
	if !strings.Contains(s.SystemOut, "notice shop.audit_log: table default collation") {
		t.Errorf("notices not in system-out:\n%s", s.SystemOut)
	}
}

func TestJUnitVerifySchemaAndReverify(t *testing.T) {
	r := loadReport(t, "verify")
	re := *r.Verify.Result
	re.Status = verify.StatusEqual
	re.Schema = append(re.Schema,
		verify.Finding{Severity: verify.Difference, Kind: "missing_column", Table: "shop.orders", Message: "column note missing on target"},
		verify.Finding{Severity: verify.Difference, Kind: "nullable", Table: "shop.orders", Message: "column id: NOT NULL on source, NULL on target"})
	re.Tables = []*verify.TableResult{
		{Table: "shop.customers", Target: "shop.customers", Status: verify.StatusEqual, Mode: "stream", Seconds: 0.25},
		{Table: "shop.orders", Target: "shop.orders", Status: verify.StatusSkipped, Mode: "stream"},
	}
	r.Verify.Reverify, r.Verify.Applied = &re, 2
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	if s.Tests != 3 || s.Failures != 1 || s.Skipped != 1 {
		t.Errorf("tests %d, failures %d, skipped %d; want 3, 1, 1", s.Tests, s.Failures, s.Skipped)
	}
	schemaCase := caseNamed(t, s, "schema shop.orders")
	if f := schemaCase.Failure; f == nil || f.Message != "2 schema differences" || !strings.Contains(f.Text, "nullable: column id") {
		t.Errorf("schema case: %+v", schemaCase)
	}
	if c := caseNamed(t, s, "shop.customers"); c.Failure != nil || c.Time != "0.250" {
		t.Errorf("after the fix shop.customers is equal: %+v", c)
	}
	if !strings.Contains(s.SystemOut, "after applying 2 fix statements") {
		t.Errorf("system-out does not say the fix was applied:\n%s", s.SystemOut)
	}
}

func TestJUnitCompare(t *testing.T) {
	out := renderJUnit(t, loadReport(t, "compare"))
	golden(t, "junit-compare.golden.xml", out)
	s := junitRead(t, out).Suites[0]
	if s.Name != "parity bench compare" || s.Tests != 2 || s.Failures != 1 {
		t.Errorf("suite %q: tests %d, failures %d; want parity bench compare, 2, 1", s.Name, s.Tests, s.Failures)
	}
	c := caseNamed(t, s, "new | buffered-scan shop.sbtest1 | tmp_table_size=1G")
	if c.Failure == nil || c.Failure.Message != "+32.8% (p<0.001) beyond 10%" || c.Failure.Type != "regression" {
		t.Errorf("regression: %+v", c.Failure)
	}
	if c := caseNamed(t, s, "new | full-scan shop.sbtest1 | tmp_table_size=1G"); c.Failure != nil || !strings.HasPrefix(c.SystemOut, "unchanged: ~") {
		t.Errorf("unchanged: %+v", c)
	}
}

func TestJUnitCompareVerdicts(t *testing.T) {
	ok := &bench.RecordCell{Target: "new", Scenario: "s", Settings: "defaults", Median: 0.1, Samples: []float64{0.1, 0.1, 0.1}}
	failed := &bench.RecordCell{Target: "new", Scenario: "s", Settings: "defaults", Error: "ERROR 1038: Out of sort memory"}
	fast := stats.Comparison{Ratio: 0.5, P: 0.008, Significant: true, NA: 5, NB: 5}
	d := &result.BenchCompare{Threshold: 0.10, Changes: []bench.Change{
		{Key: "now failing", Old: ok, New: failed, Verdict: bench.NowFailing},
		{Key: "improvement", Old: ok, New: ok, Compare: &fast, Verdict: stats.Improvement},
		{Key: "still failing", Old: failed, New: failed, Verdict: bench.StillFails},
		{Key: "removed", Old: ok, Verdict: bench.Removed},
		{Key: "added", New: ok, Verdict: bench.Added},
		{Key: "fixed", Old: failed, New: ok, Verdict: bench.Fixed},
	}}
	s := junitRead(t, renderJUnit(t, &Report{Command: "bench compare", Status: "regression", Compare: d})).Suites[0]
	if s.Tests != 6 || s.Failures != 1 || s.Skipped != 2 {
		t.Errorf("tests %d, failures %d, skipped %d; want 6, 1, 2", s.Tests, s.Failures, s.Skipped)
	}
	if c := caseNamed(t, s, "now failing"); c.Failure == nil || c.Failure.Message != "now failing: ERROR 1038: Out of sort memory" {
		t.Errorf("now failing: %+v", c.Failure)
	}
	if c := caseNamed(t, s, "improvement"); c.Failure != nil || !strings.HasPrefix(c.SystemOut, "improvement: -50.0% (p=0.008)") {
		t.Errorf("improvement: %+v", c)
	}
}

func TestJUnitBench(t *testing.T) {
	r := loadReport(t, "bench")
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	if s.Name != "parity bench" || s.Tests != len(r.Bench.Cells) || s.Failures != 0 || s.Skipped != 1 {
		t.Errorf("suite %q: tests %d, failures %d, skipped %d; want parity bench, %d, 0, 1",
			s.Name, s.Tests, s.Failures, s.Skipped, len(r.Bench.Cells))
	}
	c := caseNamed(t, s, "new | order-by:created_at:desc shop.docs | sort_buffer_size=256K")
	if c.Skipped == nil || !strings.HasPrefix(c.Skipped.Message, "ERROR 1038: Out of sort memory") {
		t.Errorf("failing cell: %+v", c)
	}
	if c := caseNamed(t, s, "new | order-by:created_at:desc shop.docs | sort_buffer_size=2M"); c.Time != "0.120" {
		t.Errorf("time %s, want the median 0.120", c.Time)
	}
}

func TestJUnitExtract(t *testing.T) {
	r := loadReport(t, "extract")
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	if s.Tests != 6 || s.Failures != 0 {
		t.Errorf("tests %d, failures %d; want 6 (3 tables × 2 runs), 0", s.Tests, s.Failures)
	}
	if c := s.Cases[0]; c.Classname != "parity.extract.source" || c.Name != "shop.audit_log" {
		t.Errorf("first case %s %s", c.Classname, c.Name)
	}
	r.Status, r.Error = "failed", "connect target 10.0.0.5:3306: access denied"
	s = junitRead(t, renderJUnit(t, r)).Suites[0]
	if c := caseNamed(t, s, "parity extract"); s.Failures != 1 || c.Failure == nil || c.Failure.Message != r.Error {
		t.Errorf("failed run: failures %d, %+v", s.Failures, c)
	}
}

// TestJUnitEscaping: values from the databases, with characters XML cannot
// hold or must escape, still make a document that parses.
func TestJUnitEscaping(t *testing.T) {
	const nasty = "a<b>&\"c\"]]>\x00\x1b\nd|*"
	r := FromVerify(&result.Verify{Envelope: result.Envelope{Status: "different"}, Result: &verify.Result{
		Source: verify.Side{Server: schema.Server{Flavor: schema.MySQL, Endpoint: "u@h:1/d"}},
		Target: verify.Side{Server: schema.Server{Flavor: schema.MySQL, Endpoint: "u@h:2/d"}},
		Status: verify.StatusDifferent,
		Tables: []*verify.TableResult{{Table: "d.t" + nasty, Target: "d.t", Status: verify.StatusDifferent, Changed: 1,
			Diffs: []verify.RowDiff{{Kind: verify.Changed, Key: map[string]string{"id": nasty},
				Columns: []checksum.ColumnDiff{{Column: "c", Source: checksum.Value{Text: nasty}, Target: checksum.Value{Null: true}}}}}}},
		Notes: []string{nasty},
	}})
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	if s.Failures != 1 || !strings.HasPrefix(s.Cases[0].Name, "d.ta<b>&\"c\"]]>") {
		t.Errorf("failures %d, name %q", s.Failures, s.Cases[0].Name)
	}
}
