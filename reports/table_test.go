package reports

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

func TestFitColumns(t *testing.T) {
	tests := []struct {
		name          string
		natural, word []int
		width         int
		want          []int
	}{
		{"natural width", []int{30, 5, 60}, []int{10, 5, 12}, 0, nil},
		{"fits already", []int{30, 5, 60}, []int{10, 5, 12}, 200, nil},
		{"fits exactly", []int{10, 5}, []int{10, 5}, 3 + 4 + 15, nil},
		// 60 - 4 borders - 6 padding = 50 for text; the floors are the
		// longest words (10, 5, 12); 23 over them goes to the two wide
		// columns, the widest giving way first.
		{"widest give way", []int{30, 5, 60}, []int{10, 5, 12}, 60, []int{22, 5, 23}},
		{"numbers stay whole", []int{14, 7, 7, 37}, []int{14, 7, 7, 9}, 60, []int{14, 7, 7, 19}},
		// 40 - 5 - 8 = 27 for text, less than the words' 34: the longest
		// words break first.
		{"words break", []int{20, 8, 30, 6}, []int{20, 8, 12, 6}, 40, []int{7, 7, 7, 6}},
		{"too narrow", []int{20, 20}, []int{20, 20}, 4, []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fitColumns(tt.natural, tt.word, tt.width)
			if !slices.Equal(got, tt.want) {
				t.Errorf("fitColumns(%v, %v, %d) = %v, want %v", tt.natural, tt.word, tt.width, got, tt.want)
			}
			if got != nil && tt.width >= 3*len(got)+1 {
				sum := 3*len(got) + 1
				for _, w := range got {
					sum += w
				}
				if sum > tt.width {
					t.Errorf("%v makes a table %d wide, more than %d", got, sum, tt.width)
				}
			}
		})
	}
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"ERROR 1038: Out of sort memory", 12, []string{"ERROR 1038:", "Out of sort", "memory"}},
		{"shop.customer_addresses", 10, []string{"shop.", "customer_", "addresses"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"two\nlines here", 5, []string{"two", "lines", "here"}},
		{"表格表格表格", 5, []string{"表格", "表格", "表格"}}, // wide characters take two columns
		{"", 3, []string{""}},
	}
	for _, tt := range tests {
		got := wrapText(tt.in, tt.width)
		if !slices.Equal(got, tt.want) {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		for _, line := range got {
			if twwidth.Width(line) > tt.width {
				t.Errorf("wrapText(%q, %d): %q is wider than %d", tt.in, tt.width, line, tt.width)
			}
		}
	}
}

// TestTextWidth renders every text table narrower than its natural width:
// no line of a table is wider than asked, and no character of the tables
// is lost (wrapping moves text, it never cuts it). Lines outside the
// tables (the server line above a summary) are the terminal's to wrap.
func TestTextWidth(t *testing.T) {
	reportsOf := map[string]*Report{}
	for _, name := range documents {
		reportsOf[name] = loadReport(t, name)
	}
	cmp, err := Compare(loadReport(t, "extract"), loadReport(t, "extract-new"), CompareOptions{Threshold: 0.10})
	if err != nil {
		t.Fatal(err)
	}
	reportsOf["extract compare"] = cmp
	reportsOf["combined"] = Combine("", "dev", []*Report{reportsOf["extract"], reportsOf["verify"]})
	reportsOf["replay"] = replayReport()
	for name, r := range reportsOf {
		var natural bytes.Buffer
		if err := (Text{}).Render(&natural, r); err != nil {
			t.Fatal(err)
		}
		widest := 0
		for _, line := range tableLines(natural.String()) {
			widest = max(widest, twwidth.Width(line))
		}
		for _, width := range []int{120, 100, 80, 60} {
			if width >= widest {
				continue
			}
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				var b bytes.Buffer
				if err := (Text{Width: width}).Render(&b, r); err != nil {
					t.Fatal(err)
				}
				lines := tableLines(b.String())
				if len(lines) == 0 {
					t.Fatal("no table")
				}
				for _, line := range lines {
					if w := twwidth.Width(line); w > width {
						t.Errorf("line %d wide:\n%s", w, line)
					}
				}
				if got, want := tableRunes(b.String()), tableRunes(natural.String()); got != want {
					t.Errorf("the fitted tables lost or changed text:\n%s", b.String())
				}
			})
		}
	}
}

// tableLines are the lines of s that belong to a table.
func tableLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line != "" && strings.ContainsRune("┌│├└", []rune(line)[0]) {
			out = append(out, line)
		}
	}
	return out
}

// tableRunes is the text of the tables of s without borders and spaces,
// its characters sorted: the same for a table however it wraps.
func tableRunes(s string) string {
	var rs []rune
	for _, line := range tableLines(s) {
		for _, r := range line {
			if !unicode.IsSpace(r) && !(r >= 0x2500 && r <= 0x257f) { // box drawing
				rs = append(rs, r)
			}
		}
	}
	slices.Sort(rs)
	return string(rs)
}

// TestTextWidthBenchGrid: the grid's long errors and settings wrap.
func TestTextWidthBenchGrid(t *testing.T) {
	r := loadReport(t, "bench")
	var b bytes.Buffer
	if err := BenchGrid(&b, r.Bench, 70); err != nil {
		t.Fatal(err)
	}
	for _, line := range tableLines(b.String()) {
		if w := twwidth.Width(line); w > 70 {
			t.Errorf("line %d wide: %s", w, line)
		}
	}
	if !strings.Contains(b.String(), "ERROR") || !strings.Contains(b.String(), "1038") {
		t.Errorf("the error is gone:\n%s", b.String())
	}
}
