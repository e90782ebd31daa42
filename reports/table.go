package reports

import (
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// textTable is a terminal table: tablewriter with the options every parity
// table shares, fitted to a width. Rows are kept until Render, which needs
// them all to size the columns.
//
// tablewriter's own limits do not fit a table to a terminal: WithMaxWidth
// gives every column the same share and still overflows on a long word,
// and a per-column width with WrapNormal drops the end of such a word
// without a mark. So Render computes the columns' widths itself, the
// widest columns giving way first, wraps the cells to them (at spaces, and
// within a word only when the word alone is too wide), and hands tablewriter
// the result as fixed column widths (WithColumnWidths), truncating with an
// ellipsis anything that would still not fit.
type textTable struct {
	w      io.Writer
	width  int // the most columns of text a line may take; 0: the natural width
	header []string
	rows   [][]string
	footer []string
	opts   []tablewriter.Option
}

// Cell padding and borders as tablewriter draws them by default: one space
// each side of a cell's text, and a rule before, between and after columns.
const (
	tablePadding = 2
	tableBorder  = 1
)

// newTable starts a table with the given header. width > 0 fits the table
// into that many columns of text; opts add to the shared options (alignment).
func newTable(w io.Writer, width int, header []string, opts ...tablewriter.Option) *textTable {
	return &textTable{w: w, width: width, header: header, opts: opts}
}

// Append adds a row. A cell may hold several lines.
func (t *textTable) Append(row []string) { t.rows = append(t.rows, row) }

// Footer sets the footer row.
func (t *textTable) Footer(row []string) { t.footer = row }

// Render writes the table.
func (t *textTable) Render() error {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off), // headers as written: "ROWS/S", not "Rows/S"
		tablewriter.WithFooterAutoFormat(tw.Off),
	}
	opts = append(opts, t.opts...)
	header, rows, footer := t.header, t.rows, t.footer
	natural, word := t.columnWidths()
	if widths := fitColumns(natural, word, t.width); widths != nil {
		header, footer = fitRow(header, widths), fitRow(footer, widths)
		rows = make([][]string, len(t.rows))
		for i, r := range t.rows {
			rows[i] = fitRow(r, widths)
		}
		cells := tw.NewMapper[int, int]()
		for i, w := range widths {
			cells.Set(i, max(w, 1)+tablePadding)
		}
		opts = append(opts, tablewriter.WithColumnWidths(cells),
			tablewriter.WithHeaderAutoWrap(tw.WrapTruncate),
			tablewriter.WithRowAutoWrap(tw.WrapTruncate),
			tablewriter.WithFooterAutoWrap(tw.WrapTruncate))
	}
	table := tablewriter.NewTable(t.w, opts...)
	table.Header(header)
	for _, r := range rows {
		if err := table.Append(r); err != nil {
			return err
		}
	}
	if footer != nil {
		table.Footer(footer)
	}
	return table.Render()
}

// columnWidths measures each column: its widest line of text, and its
// longest word, which wrapping at spaces cannot make narrower.
func (t *textTable) columnWidths() (natural, word []int) {
	n := len(t.header)
	for _, r := range t.rows {
		n = max(n, len(r))
	}
	natural, word = make([]int, n), make([]int, n)
	measure := func(row []string) {
		for i, cell := range row {
			for _, line := range strings.Split(cell, "\n") {
				natural[i] = max(natural[i], twwidth.Width(strings.TrimSpace(line)))
				for _, w := range strings.Fields(line) {
					word[i] = max(word[i], twwidth.Width(w))
				}
			}
		}
	}
	measure(t.header)
	for _, r := range t.rows {
		measure(r)
	}
	measure(t.footer)
	return natural, word
}

// fitColumns returns the text width of each column for a table at most
// width wide, or nil when the natural widths fit (or width is 0). Words
// stay whole where they can: every column first gets its longest word,
// and the columns that want more share what is left, the widest giving
// way first, so that numbers stay whole while long names and messages
// wrap at spaces. When even the longest words do not fit, the longest of
// them are broken first. A column keeps at least one character, so a
// table too narrow for that overflows.
//
//	fitColumns([]int{30, 5, 60}, []int{10, 5, 12}, 60) → [22 5 23]: 60 - 4 borders - 6 padding = 50 for text
func fitColumns(natural, word []int, width int) []int {
	n := len(natural)
	if width <= 0 || n == 0 {
		return nil
	}
	avail := width - (n+1)*tableBorder - n*tablePadding
	total, words := 0, 0
	floor := make([]int, n)
	for i, w := range natural {
		total += w
		floor[i] = min(w, word[i])
		words += floor[i]
	}
	if total <= avail {
		return nil
	}
	if words > avail {
		return shareWidth(floor, max(avail, n))
	}
	extra := make([]int, n)
	for i := range natural {
		extra[i] = natural[i] - floor[i]
	}
	widths := shareWidth(extra, avail-words)
	for i := range widths {
		widths[i] += floor[i]
	}
	return widths
}

// shareWidth shares avail among columns that want want[i] each: each gets
// what it wants up to a limit, the largest limit that fits, and what the
// limit leaves over goes one each to the columns it cut, left to right.
// Every column gets at least 1 when avail allows.
func shareWidth(want []int, avail int) []int {
	fits := func(limit int) bool {
		sum := 0
		for _, w := range want {
			sum += min(w, limit)
		}
		return sum <= avail
	}
	limit := 0
	for lo, hi := 0, avail; lo <= hi; {
		mid := (lo + hi) / 2
		if fits(mid) {
			limit, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	out := make([]int, len(want))
	used := 0
	for i, w := range want {
		out[i] = min(w, limit)
		used += out[i]
	}
	for i := 0; used < avail && i < len(out); i++ {
		if want[i] > out[i] {
			out[i]++
			used++
		}
	}
	return out
}

// fitRow wraps each cell of row to its column's width.
func fitRow(row []string, widths []int) []string {
	if row == nil {
		return nil
	}
	out := make([]string, len(row))
	for i, cell := range row {
		out[i] = cell
		if i < len(widths) {
			out[i] = strings.Join(wrapText(cell, widths[i]), "\n")
		}
	}
	return out
}

// wrapText breaks each line of s into lines at most width columns wide (as
// a terminal counts them: wide characters take two): at spaces where it
// can, and inside a word only when the word alone is wider than width.
//
//	wrapText("ERROR 1038: Out of sort memory", 12) → ["ERROR 1038:", "Out of sort", "memory"]
//	wrapText("shop.customer_addresses", 10)        → ["shop.", "customer_", "addresses"]
func wrapText(s string, width int) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if twwidth.Width(line) <= width {
			out = append(out, line)
			continue
		}
		cur, curW := "", 0
		for _, word := range strings.Fields(line) {
			ww := twwidth.Width(word)
			switch {
			case cur != "" && curW+1+ww <= width:
				cur, curW = cur+" "+word, curW+1+ww
				continue
			case cur != "":
				out = append(out, cur)
			}
			cur, curW = "", 0
			for ww > width { // a word wider than a line: break it
				head, rest := splitWidth(word, width)
				out = append(out, head)
				word = rest
				ww = twwidth.Width(word)
			}
			cur, curW = word, ww
		}
		if cur != "" {
			out = append(out, cur)
		}
	}
	return out
}

// splitWidth splits s after the most leading runes that fit in width
// columns, and at least one rune. Where the head would end within a name,
// it ends after the last '.', '_', '-', ':', '=', '/' or ',' in its second half
// instead: "shop.|customers", not "shop.cust|omers".
func splitWidth(s string, width int) (head, rest string) {
	w, cut, soft := 0, len(s), 0
	for i, r := range s {
		rw := twwidth.Width(string(r))
		if w+rw > width && i > 0 {
			cut = i
			break
		}
		w += rw
		if strings.ContainsRune("._-:=/,", r) && 2*w >= width {
			soft = i + len(string(r))
		}
	}
	if cut < len(s) && soft > 0 {
		cut = soft
	}
	return s[:cut], s[cut:]
}
