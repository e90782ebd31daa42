package reports

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// HTML renders one self-contained HTML page: an inline style sheet, charts
// drawn as inline SVG, no scripts and nothing the browser fetches, so the
// file can be mailed, attached to a ticket or printed as it is.
//
// The page opens with the command, parity's version, when it started, how
// long it took, its status as a coloured badge, the error if any, the
// servers and the options. Then, by command:
//
//   - extract: a bar chart of each table's throughput (MB/s, rows/s in the
//     label) with one bar per server side by side, and a table per server;
//   - verify: the summary counts, the schema findings, a strip per table of
//     equal and differing rows, the per-table results and the listed row
//     differences with their values;
//   - bench: per workload, a chart of the median of each settings point on
//     each target with its confidence interval as a whisker (a failed cell
//     shows its error), then the grid as the terminal shows it and the
//     comparisons;
//   - bench compare: each cell's new/old ratio around a 1.0 line, and the
//     changes, regressions first;
//   - extract compare: per pair of runs, a bar chart of each table's
//     seconds in the old run and the new, and a table of the changes;
//   - replay: the totals, each timed class's target/source median around
//     a 1.0 line, a row per statement class linking to a section for each
//     class worth reading: its differing statements with the rows found
//     on one side only, notices, timing and plans.
//
// A combined report is one page: its title and status, a table of contents
// linking to the sections with each one's status, then each section with
// its own header and views.
//
// Every value goes through html/template's escaping: row values come from
// databases and may hold markup. Maps are rendered in key order, so the
// output is deterministic.
type HTML struct{}

// Render writes r as HTML. Nothing is written if the page cannot be built.
func (HTML) Render(w io.Writer, r *Report) error {
	var b bytes.Buffer
	if err := htmlTemplate().Execute(&b, htmlPageOf(r)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// htmlPage is what the template shows: everything already formatted.
type htmlPage struct {
	CSS                                 template.CSS
	Policy                              string
	Heading, What, Source, Anchor       string // What: the command, when a title is the heading
	Command, Version, Started, Duration string
	Status, StatusClass, Error          string
	Servers                             []htmlServer
	Options                             []htmlFact

	Extract        *htmlExtract
	Verify         *htmlVerify
	Bench          *htmlBench
	Compare        *htmlCompare
	ExtractCompare *htmlExtractCompare
	Replay         *htmlReplay
	Sections       []*htmlPage // combined: each section's page, without its own CSS
}

type htmlServer struct{ Role, Server, Comment, Endpoint string }

// htmlFact is one name and value of a definition list.
type htmlFact struct{ Name, Value string }

func htmlPageOf(r *Report) *htmlPage {
	p := &htmlPage{CSS: htmlCSS, Policy: htmlPolicy, Command: r.Command, Version: r.Version, Status: r.Status, StatusClass: htmlStatusClass(r.Status), Error: r.Error}
	if p.Command == "" {
		p.Command = "report"
	}
	p.Source, p.Heading = r.Source, "parity "+p.Command
	if r.Title != "" {
		p.Heading, p.What = r.Title, p.Heading
	}
	if r.Command == CommandCombined {
		p.What = fmt.Sprintf("%d sections", len(r.Sections))
		if r.Title == "" {
			p.Heading = "parity combined report"
		}
	}
	if !r.Started.IsZero() {
		p.Started = htmlTime(r.Started)
	}
	if r.Seconds > 0 {
		p.Duration = Duration(r.Seconds)
	}
	for _, s := range r.Servers {
		comment := s.Server.Comment
		if comment != "" && !strings.HasPrefix(comment, "(") {
			comment = "(" + comment + ")"
		}
		p.Servers = append(p.Servers, htmlServer{Role: s.Role, Server: strings.TrimSpace(string(s.Server.Flavor) + " " + s.Server.Version),
			Comment: comment, Endpoint: s.Server.Endpoint})
	}
	for _, k := range htmlSortedKeys(r.Options) {
		p.Options = append(p.Options, htmlFact{Name: k, Value: htmlOptionValue(r.Options[k])})
	}
	switch {
	case r.Extract != nil:
		p.Extract = htmlExtractOf(r.Extract)
	case r.Verify != nil:
		p.Verify = htmlVerifyOf(r.Verify)
	case r.Bench != nil:
		p.Bench = htmlBenchOf(r.Bench)
	case r.Compare != nil:
		p.Compare = htmlCompareOf(r.Compare)
	case r.ExtractCompare != nil:
		p.ExtractCompare = htmlExtractCompareOf(r.ExtractCompare)
	case r.Replay != nil:
		p.Replay = htmlReplayOf(r.Replay)
	}
	for i, s := range r.Sections {
		sp := htmlPageOf(s)
		sp.CSS, sp.Policy, sp.Anchor = "", "", fmt.Sprintf("section-%d", i+1)
		if sp.Replay != nil {
			sp.Replay.inSection(sp.Anchor)
		}
		p.Sections = append(p.Sections, sp)
	}
	return p
}

func htmlTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// htmlStatusClass colours good outcomes green and bad ones red, as the
// terminal does; anything else stays neutral.
func htmlStatusClass(s string) string {
	switch s {
	case "ok", "equal", string(replay.Same), string(stats.Improvement), string(bench.Fixed):
		return "good"
	case "different", "failed", "interrupted", "regression", string(replay.Slower), string(bench.NowFailing), string(verify.Difference):
		return "bad"
	case string(verify.Notice), string(bench.StillFails):
		return "warn"
	}
	return "neutral"
}

// htmlOptionValue shows an option as a person typed it: text as is, lists
// joined by commas, anything else as JSON.
func htmlOptionValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []string:
		return strings.Join(v, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = htmlOptionValue(x)
		}
		return strings.Join(parts, ", ")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func htmlSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// htmlPolicy forbids the page every fetch, script, frame and form: only its
// own style sheet applies, allowed by its hash. Should a value ever escape
// into markup, the browser would still run and load nothing.
var htmlPolicy = "default-src 'none'; style-src 'sha256-" + htmlHash(htmlCSS) + "'; base-uri 'none'; form-action 'none'"

func htmlHash(s template.CSS) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// htmlCSS is the page's style sheet: system fonts, a readable column on a
// laptop, tables that scroll sideways on narrow screens, and print rules
// that keep charts whole. It is html/style.css after a newline, which puts
// it on a line of its own after <style>; htmlPolicy hashes exactly these
// bytes.
var htmlCSS = template.CSS("\n" + htmlStyleFile)

//go:embed html/style.css
var htmlStyleFile string

// htmlTemplate is parsed at its first use rather than at start-up, which
// every command would pay for.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{"px": htmlNum}).Parse(htmlSource))
})

// htmlSource is the page template: the header, then the views of each
// command (see HTML).
//
//go:embed html/report.tmpl
var htmlSource string
