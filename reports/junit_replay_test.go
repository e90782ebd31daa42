package reports

import (
	"strings"
	"testing"

	"github.com/parity-db/parity/replay"
)

func TestReplayJUnit(t *testing.T) {
	out := renderJUnit(t, replayReport())
	golden(t, "junit-replay.golden.xml", out)
	s := junitRead(t, out).Suites[0]
	// A case per class: the two different ones, the failed and the slower
	// one fail; the UPDATE is skipped.
	if s.Name != "parity replay" || s.Tests != 7 || s.Failures != 4 || s.Skipped != 1 {
		t.Errorf("suite %q: tests %d, failures %d, skipped %d; want parity replay, 7, 4, 1", s.Name, s.Tests, s.Failures, s.Skipped)
	}
	for _, c := range s.Cases {
		if c.Classname != "parity.replay" {
			t.Errorf("case %q: class %q", c.Name, c.Classname)
		}
	}

	c := caseNamed(t, s, "3f2a9c0d1e2b4a5f select * from `docs` order by `created_at` desc")
	if f := c.Failure; f == nil || f.Type != "different" ||
		f.Message != "error: fails on the target only: ERROR 1038: Out of sort memory, consider increasing server sort buffer size" ||
		!strings.Contains(f.Text, "source: 5,000 rows in 42.1ms\ntarget: ERROR 1038") {
		t.Errorf("error on the target: %+v", f)
	}

	c = caseNamed(t, s, "b7e1d2c3a4f50617 select `id` , `name` , `note` from `customers` where `name`…")
	if f := c.Failure; f == nil || !strings.HasPrefix(f.Message, "rows: 3 rows on the source") ||
		!strings.Contains(f.Text, strings.ReplaceAll(replayEvil, "\r\n", "\n")) ||
		!strings.Contains(f.Text, `  only on the source: (7, a|b `+"`x`"+`, "<script>alert(1)</script>")`) ||
		!strings.Contains(f.Text, `  only on the target: (7, a|b `+"`x`"+`, "line one\nline two")`) ||
		!strings.Contains(f.Text, "1 more statement of this class returned the same on both servers.") {
		t.Errorf("differing rows: %+v", f)
	}

	c = caseNamed(t, s, "0c9d8e7f6a5b4c3d select count ( * ) from `orders` `o` join `order_items` `i`…")
	if f := c.Failure; f == nil || f.Type != "failed" || !strings.HasPrefix(f.Message, "not compared: source ERROR 2013") ||
		!strings.HasPrefix(c.SystemOut, "notice: not compared") || c.Time != "12.700" {
		t.Errorf("lost on both servers: %+v", c)
	}

	c = caseNamed(t, s, "5a4b3c2d1e0f9a8b select `customer_id` , sum ( `total` ) from `orders` group …")
	if f := c.Failure; f == nil || f.Type != "slower" || f.Message != "slower: +270.7% (p=0.008)" || c.Time != "0.046" ||
		!strings.Contains(f.Text, "  Sort_merge_passes: source 0, target 2\n") ||
		!strings.Contains(f.Text, "target/source: 3.71×, +270.7% (Mann-Whitney U, p=0.008): slower beyond the 10% threshold") {
		t.Errorf("slower: %+v", c)
	}

	c = caseNamed(t, s, "9e8d7c6b5a4f3e2d select `status` , count ( * ) from `orders` group by `statu…")
	if c.Failure != nil || c.Skipped != nil || !strings.Contains(c.SystemOut, "notice: the same 4 rows in another order") {
		t.Errorf("order notice: %+v", c)
	}

	c = caseNamed(t, s, "1d2c3b4a59687f6e select * from `orders` where `customer_id` = ?")
	if c.Failure != nil || !strings.Contains(c.SystemOut, "ROWS_EXAMINED: source 20,000, target 12") ||
		!strings.Contains(c.SystemOut, "  orders: type ALL → ref") || c.Time != "0.001" {
		t.Errorf("same with a better plan: %+v", c)
	}

	c = caseNamed(t, s, "7f6e5d4c3b2a1908 update `orders` set `status` = ? where `order_id` = ?")
	if c.Skipped == nil || c.Skipped.Message != "not read-only: UPDATE" {
		t.Errorf("skipped: %+v", c)
	}
	if want := "7,993 statements in 7 classes, 7 replayed: 2 different, 1 failed, 1 slower, 1 notice, 1 same, 1 skipped; 4 count against the run"; !strings.HasPrefix(s.SystemOut, want) {
		t.Errorf("suite output %q, want %q...", s.SystemOut, want)
	}
}

// TestReplayJUnitNames: a fingerprint's line breaks and long text do not
// reach a case's name; an unreached class is skipped.
func TestReplayJUnitNames(t *testing.T) {
	d := replayFixture()
	d.Classes = []*replay.Class{
		{ID: "a1", Fingerprint: "select\n  ?\tfrom t", Verdict: replay.Same},
		{ID: "a2", Fingerprint: strings.Repeat("x", 200), Verdict: replay.NotReached},
	}
	d.Interrupted = true
	s := junitRead(t, renderJUnit(t, FromReplay(d))).Suites[0]
	if s.Cases[0].Name != "a1 select ? from t" {
		t.Errorf("name %q", s.Cases[0].Name)
	}
	if c := s.Cases[1]; len([]rune(c.Name)) != 63 || c.Skipped == nil || c.Skipped.Message != "not reached: the run ended first" {
		t.Errorf("unreached: %+v", c)
	}
	if !strings.HasSuffix(s.SystemOut, "\nthe run stopped before every class ran") {
		t.Errorf("suite output %q", s.SystemOut)
	}
}

func TestJUnitReplayRow(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"7", "NULL", "Zoë"}, "(7, NULL, Zoë)"},
		{[]string{"a, b", "", "(x)", `say "hi"`, "tab\there"}, `("a, b", "", "(x)", "say \"hi\"", "tab\there")`},
	} {
		if got := junitReplayRow(c.in); got != c.want {
			t.Errorf("junitReplayRow(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
