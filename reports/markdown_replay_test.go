package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func renderMarkdown(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReplayMarkdownGolden(t *testing.T) {
	out := renderMarkdown(t, replayReport())
	golden(t, "md-replay.golden.md", []byte(out))
	checkMarkdownTables(t, out)
	for _, want := range []string{
		"## parity replay: different\n",
		"**7 statement classes** of 7,993 logged statements, 7 replayed: 2 different, 1 failed, 1 slower, 1 notice, 1 same, 1 skipped · threshold 10%",
		"| **different** | `3f2a9c0d1e2b4a5f` | 1,200 | ``select * from `docs` order by `created_at` desc`` |  | error: fails on the target only: ERROR 1038",
		"| **slower** | `5a4b3c2d1e0f9a8b` | 310 |", "| 3.71× | slower: +270.7% (p=0.008) |",
		"| skipped | `7f6e5d4c3b2a1908` | 950 |", "skipped: not read-only: UPDATE |",
		"### different `3f2a9c0d1e2b4a5f` · 1,200 statements · 61.4s logged",
		"- **target**: ERROR 1038: Out of sort memory",
		"Only on the source:\n\n| id | name | note |\n| --- | --- | --- |\n| 7 | a\\|b \\`x\\` | \\<script\\>alert(1)\\</script\\> |",
		"Only on the target:\n\n| id | name | note |\n| --- | --- | --- |\n| 7 | a\\|b \\`x\\` | line one<br>line two |",
		"1 more statement of this class returned the same on both servers.",
		"**notice**: not compared: source ERROR 2013: the server went away",
		"**notice**: the same 4 rows in another order from row 1",
		"| median | 12.3ms | 45.6ms |", "| 93.8% CI of the median | 11.7ms – 13.5ms | 43.3ms – 50.2ms |",
		"| `Created_tmp_disk_tables` | 0 | 1 |", "| `Sort_merge_passes` | 0 | 2 |", "| `temptable_ram_bytes` | 0 | 16,777,216 |",
		"Target/source: **3.71×, +270.7% (Mann-Whitney U, p=0.008): slower beyond the 10% threshold**.",
		"| `ROWS_EXAMINED` | 20,000 | 12 |",
		"**Plan**: source `orders ALL (20,000 rows)` · target `orders ref idx_customer (12 rows)`\n\n- orders: type ALL → ref\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q", want)
		}
	}
	// Counters alike on both sides say nothing.
	if strings.Contains(out, "| `ROWS_EXAMINED` | 20,000 | 20,000 |") {
		t.Error("a counter the servers agree on is listed")
	}
	// A section per class worth reading, in the table's order; none for the
	// skipped class.
	at := -1
	for _, id := range []string{"3f2a9c0d1e2b4a5f", "b7e1d2c3a4f50617", "0c9d8e7f6a5b4c3d", "5a4b3c2d1e0f9a8b", "9e8d7c6b5a4f3e2d", "1d2c3b4a59687f6e"} {
		i := strings.Index(out, "`"+id+"` · ")
		if i < at {
			t.Errorf("class %s: section at %d, after %d", id, i, at)
		}
		at = i
	}
	if strings.Contains(out, "### skipped") {
		t.Error("the skipped class has a section")
	}
}

// TestReplayMarkdownEscaping: a statement holding a pipe, backticks, a
// triple backtick, markup and line breaks stays inside its code block, as
// written; everywhere else such text is escaped.
func TestReplayMarkdownEscaping(t *testing.T) {
	out := renderMarkdown(t, replayReport())
	block := "````sql\n" + strings.ReplaceAll(replayEvil, "\r\n", "\n") + "\n````\n"
	if !strings.Contains(out, block) {
		t.Errorf("the statement is not whole in a fence longer than its backticks:\n%s", out)
	}
	var inBlock string
	for i, line := range strings.Split(out, "\n") {
		if inBlock != "" {
			if line == inBlock {
				inBlock = ""
			}
			continue
		}
		if strings.HasPrefix(line, "```") {
			inBlock = strings.TrimSuffix(line, "sql")
			continue
		}
		if unescapedTag.MatchString(line) {
			t.Errorf("line %d: markup outside a code block: %s", i+1, line)
		}
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "## parity") && !strings.HasPrefix(line, "### ") {
			t.Errorf("line %d: a value made a heading: %s", i+1, line)
		}
	}
	if inBlock != "" {
		t.Errorf("a code block is left open (%s)", inBlock)
	}
}

// unescapedTag is a script tag without the backslash that makes Markdown
// show it as text.
var unescapedTag = regexp.MustCompile(`(^|[^\\])</?script`)

func TestMarkdownBlock(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "```sql\nSELECT 1\n```\n\n"},
		{"SELECT `a`\r\nFROM t\n", "```sql\nSELECT `a`\nFROM t\n```\n\n"},
		{"-- ```\nSELECT 1", "````sql\n-- ```\nSELECT 1\n````\n\n"},
		{"a\rb", "```sql\na\nb\n```\n\n"},
	} {
		if got := mdBlock("sql", c.in); got != c.want {
			t.Errorf("mdBlock(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
