package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/parity-db/parity/bench"
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
//     seconds in the old run and the new, and a table of the changes.
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
	if err := htmlTemplate.Execute(&b, htmlPageOf(r)); err != nil {
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
	}
	for i, s := range r.Sections {
		sp := htmlPageOf(s)
		sp.CSS, sp.Policy, sp.Anchor = "", "", fmt.Sprintf("section-%d", i+1)
		p.Sections = append(p.Sections, sp)
	}
	return p
}

func htmlTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// htmlStatusClass colours good outcomes green and bad ones red, as the
// terminal does; anything else stays neutral.
func htmlStatusClass(s string) string {
	switch s {
	case "ok", "equal", string(bench.Improvement), string(bench.Fixed):
		return "good"
	case "different", "failed", "interrupted", "regression", string(bench.NowFailing), string(verify.Difference):
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
// that keep charts whole.
const htmlCSS template.CSS = `
:root{--fg:#1d2330;--muted:#5f6b7a;--line:#d8dde4;--head:#f4f6f8;--good:#1a7f37;--bad:#c62828;--warn:#946200;
--c0:#2f6db5;--c1:#e07b1a;--c2:#4f9a45;--c3:#8a56b8;--c4:#b8463f;--c5:#6b7480;
--k-equal:#9fd3ab;--k-missing:#c62828;--k-extra:#e3a008;--k-changed:#8a56b8}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:20px 0 6px}
p{margin:6px 0}
.meta,.muted,figcaption,.note{color:var(--muted)}
.badge{display:inline-block;padding:0 8px;border:1px solid currentColor;border-radius:10px;font-size:.8em;font-weight:600;line-height:1.6;vertical-align:middle;white-space:nowrap}
.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}.neutral{color:var(--muted)}.sig{font-weight:600}
.badge.good{background:#e7f5ea}.badge.bad{background:#fdecea}.badge.warn{background:#fff5d9}.badge.neutral{background:#f1f3f5}
.k-missing{color:var(--k-missing)}.k-extra{color:#9a6700}.k-changed{color:var(--k-changed)}.k-other{color:var(--muted)}
.error{margin:10px 0;padding:8px 12px;border-left:4px solid var(--bad);background:#fdecea;white-space:pre-wrap;word-break:break-word}
.scroll{overflow-x:auto;margin:8px 0 16px}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600;white-space:nowrap}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tfoot td{font-weight:600;border-top:2px solid var(--line)}
td .line{display:block}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.92em}
code.v{padding:0 3px;border-radius:3px;background:var(--head);white-space:pre-wrap;word-break:break-all}
pre{margin:4px 0 8px;padding:6px 10px;background:var(--head);white-space:pre-wrap;word-break:break-word}
.null{color:var(--muted);font-style:italic}
.arrow{color:var(--muted);padding:0 4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0;font-size:13px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-word}
figure{margin:12px 0 20px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:12px;margin-top:4px}
svg.chart{display:block;max-width:100%;height:auto}
svg text{font-size:12px;fill:var(--fg)}
svg text.muted{fill:var(--muted)}
svg text.good{fill:var(--good)}svg text.bad{fill:var(--bad)}svg text.neutral{fill:var(--muted)}
svg .grid{stroke:#e4e8ed;stroke-width:1}
svg .axis{stroke:#8a94a3;stroke-width:1}
svg .whisker{stroke:var(--fg);stroke-width:1.5}
svg .failed{fill:none;stroke:var(--bad);stroke-width:1.5;stroke-dasharray:3 2}
svg line.failed{stroke-dasharray:none;stroke-width:1}
svg .c0{fill:var(--c0)}svg .c1{fill:var(--c1)}svg .c2{fill:var(--c2)}svg .c3{fill:var(--c3)}svg .c4{fill:var(--c4)}svg .c5{fill:var(--c5)}
svg .k-equal{fill:var(--k-equal)}svg .k-missing{fill:var(--k-missing)}svg .k-extra{fill:var(--k-extra)}svg .k-changed{fill:var(--k-changed)}
svg .k-none{fill:none;stroke:var(--line);stroke-dasharray:4 3}
svg rect.good{fill:var(--good)}svg rect.bad{fill:var(--bad)}svg rect.neutral{fill:#9aa5b1}
svg .band{fill:#eef1f4}
svg .one{stroke:var(--fg);stroke-width:1.5}
footer{margin-top:40px;font-size:12px;color:var(--muted)}
a{color:var(--c0)}
nav.toc ol{margin:6px 0 0;padding-left:24px}
nav.toc li{margin:3px 0}
h2.part{font-size:1.45em;margin:48px 0 4px;padding-bottom:6px;border-bottom:3px solid var(--fg)}
@media (max-width:700px){main{padding:12px}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:4px}}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
.scroll{overflow:visible}
th,.badge,.error,code.v,pre{background:none!important}
figure,svg,tr{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
h2.part{break-before:page;page-break-before:always}
}
`

var htmlTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"px": htmlNum}).Parse(htmlSource))

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.Policy}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="parity {{.Version}}">
<title>{{.Heading}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<header>
<h1>{{.Heading}} <span class="badge {{.StatusClass}}">{{.Status}}</span></h1>
{{- template "facts" .}}
{{- with .Sections}}
<nav class="toc">
<h3>sections</h3>
<ol>
{{- range .}}
<li><a href="#{{.Anchor}}">{{.Heading}}</a>{{with .Source}} <span class="muted">· {{.}}</span>{{end}} <span class="badge {{.StatusClass}}">{{.Status}}</span></li>
{{- end}}
</ol>
</nav>
{{- end}}
</header>
{{- template "body" .}}
{{- range .Sections}}
<section class="part" id="{{.Anchor}}">
<h2 class="part">{{.Heading}} <span class="badge {{.StatusClass}}">{{.Status}}</span></h2>
{{- template "facts" .}}
{{- template "body" .}}
</section>
{{- end}}
<footer>Written by parity {{.Version}}. Self-contained: no scripts, nothing fetched.</footer>
</main>
</body>
</html>
{{/* sub-templates */ -}}
{{define "facts"}}
<p class="meta">{{with .What}}{{.}} · {{end}}parity {{with .Version}}{{.}}{{else}}(unknown version){{end}}{{with .Started}} · started {{.}}{{end}}{{with .Duration}} · took {{.}}{{end}}{{with .Source}} · from <code>{{.}}</code>{{end}}</p>
{{- with .Error}}
<p class="error"><strong>error:</strong> {{.}}</p>
{{- end}}
{{- if .Servers}}
<div class="scroll"><table class="servers">
<thead><tr><th>role</th><th>server</th><th>endpoint</th></tr></thead>
<tbody>
{{- range .Servers}}
<tr><td><strong>{{.Role}}</strong></td><td>{{.Server}}{{with .Comment}} <span class="muted">{{.}}</span>{{end}}</td><td><code>{{.Endpoint}}</code></td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Options}}
<h3>options</h3>
<dl class="facts options">
{{- range .Options}}
<dt>{{.Name}}</dt><dd>{{if .Value}}<code>{{.Value}}</code>{{else}}<span class="muted">—</span>{{end}}</dd>
{{- end}}
</dl>
{{- end}}{{end -}}

{{define "body"}}
{{- with .Extract}}{{template "extract" .}}{{end}}
{{- with .Verify}}{{template "verify" .}}{{end}}
{{- with .Bench}}{{template "bench" .}}{{end}}
{{- with .Compare}}{{template "compare" .}}{{end}}
{{- with .ExtractCompare}}{{template "extract-compare" .}}{{end}}
{{- end -}}

{{define "chart"}}{{if .}}
<figure>
<svg class="chart" viewBox="0 0 {{px .Width}} {{px .Height}}" width="{{px .Width}}" height="{{px .Height}}" role="img" aria-label="{{.Label}}">
{{- range .Shapes}}
{{- if eq .Kind "rect"}}
<rect x="{{px .X}}" y="{{px .Y}}" width="{{px .W}}" height="{{px .H}}"{{with .Class}} class="{{.}}"{{end}}>{{with .Title}}<title>{{.}}</title>{{end}}</rect>
{{- else if eq .Kind "line"}}
<line x1="{{px .X}}" y1="{{px .Y}}" x2="{{px .X2}}" y2="{{px .Y2}}"{{with .Class}} class="{{.}}"{{end}}/>
{{- else}}
<text x="{{px .X}}" y="{{px .Y}}"{{with .Anchor}} text-anchor="{{.}}"{{end}}{{with .Class}} class="{{.}}"{{end}}>{{.Text}}{{with .Title}}<title>{{.}}</title>{{end}}</text>
{{- end}}
{{- end}}
</svg>
{{- with .Caption}}
<figcaption>{{.}}</figcaption>
{{- end}}
</figure>
{{- end}}{{end -}}

{{define "value"}}{{if .Null}}<span class="null">NULL</span>{{else if .Empty}}<span class="null">(empty)</span>{{else}}{{if .Cut}}<span class="muted" title="value shown from inside">…</span>{{end}}<code class="v">{{.Text}}</code>{{if .Truncated}}<span class="muted" title="value cut for display">…</span>{{end}}{{end}}{{end -}}

{{define "extract"}}
<section class="extract">
<h2>Throughput per table</h2>
{{- template "chart" .Chart}}
{{- range .Runs}}
<h3>{{.Role}}{{with .Server}} <span class="muted">· {{.}}</span>{{end}}</h3>
{{- if .Missing}}
<p class="bad">no result: the extraction did not finish</p>
{{- else}}
<p class="meta">{{.Summary}}</p>
<div class="scroll"><table>
<thead><tr><th>table</th><th class="num">rows</th><th class="num">MB</th><th class="num">seconds</th><th class="num">rows/s</th><th class="num">MB/s</th><th class="num">chunks</th><th>chunking</th>{{if .HasFiles}}<th>file</th>{{end}}</tr></thead>
<tbody>
{{- $files := .HasFiles}}
{{- range .Tables}}
<tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.MB}}</td><td class="num">{{.Seconds}}</td><td class="num">{{.RowsPerSec}}</td><td class="num">{{.MBPerSec}}</td><td class="num">{{.Chunks}}</td><td>{{.Chunking}}</td>{{if $files}}<td><code>{{.File}}</code></td>{{end}}</tr>
{{- end}}
</tbody>
{{- with .Total}}
<tfoot><tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.MB}}</td><td class="num">{{.Seconds}}</td><td class="num">{{.RowsPerSec}}</td><td class="num">{{.MBPerSec}}</td><td class="num">{{.Chunks}}</td><td></td>{{if $files}}<td></td>{{end}}</tr></tfoot>
{{- end}}
</table></div>
{{- end}}
{{- end}}
</section>
{{end -}}

{{define "verify"}}
<section class="verify">
<h2>Summary</h2>
{{- if .Reverified}}
<p class="note">Showing the check after --apply-fix: {{.FirstPass}}.</p>
{{- end}}
<dl class="facts">
<dt>source</dt><dd>{{.Source}}</dd>
<dt>target</dt><dd>{{.Target}}</dd>
{{- range .Facts}}
<dt>{{.Name}}</dt><dd>{{.Value}}</dd>
{{- end}}
</dl>
{{- range .Notes}}
<p class="note">note: {{.}}</p>
{{- end}}
{{- if .Findings}}
<h2>Schema findings</h2>
<div class="scroll"><table>
<thead><tr><th>severity</th><th>table</th><th>kind</th><th>column</th><th>message</th></tr></thead>
<tbody>
{{- range .Findings}}
<tr><td><span class="badge {{.Class}}">{{.Severity}}</span></td><td>{{.Table}}</td><td>{{.Kind}}</td><td>{{.Column}}</td><td>{{.Message}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Tables}}
<h2>Tables</h2>
{{- template "chart" .Chart}}
<div class="scroll"><table>
<thead><tr><th>table</th><th class="num">source rows</th><th class="num">target rows</th><th class="num">chunks</th><th class="num">missing</th><th class="num">extra</th><th class="num">changed</th><th class="num">seconds</th><th>status</th><th>how</th></tr></thead>
<tbody>
{{- range .Tables}}
<tr><td>{{.Table}}</td><td class="num">{{.SourceRows}}</td><td class="num">{{.TargetRows}}</td><td class="num">{{.Chunks}}</td><td class="num">{{.Missing}}</td><td class="num">{{.Extra}}</td><td class="num">{{.Changed}}</td><td class="num">{{.Seconds}}</td><td><span class="badge {{.StatusClass}}">{{.Status}}</span></td><td>{{.How}}</td></tr>
{{- end}}
</tbody>
{{- with .Total}}
<tfoot><tr><td>{{.Table}}</td><td class="num">{{.SourceRows}}</td><td class="num">{{.TargetRows}}</td><td class="num">{{.Chunks}}</td><td class="num">{{.Missing}}</td><td class="num">{{.Extra}}</td><td class="num">{{.Changed}}</td><td class="num">{{.Seconds}}</td><td><span class="badge {{.StatusClass}}">{{.Status}}</span></td><td></td></tr></tfoot>
{{- end}}
</table></div>
{{- end}}
{{- if .Diffs}}
<h2>Row differences</h2>
<p>{{.Differing}} differing rows{{if .Omitted}}; {{.Listed}} listed here, {{.Omitted}} more not kept (--max-diffs){{end}}. Missing: on the source only; extra: on the target only; changed: values differ (source → target).</p>
<div class="scroll"><table class="diffs">
<thead><tr><th>kind</th><th>table</th><th>row</th><th>differences</th></tr></thead>
<tbody>
{{- range .Diffs}}
{{- if .Note}}
<tr><td></td><td>{{.Table}}</td><td colspan="2" class="muted">{{.Note}}</td></tr>
{{- else}}
<tr><td><span class="badge {{.KindClass}}">{{.Kind}}</span></td><td>{{.Table}}</td><td>
{{- if .Key}}{{range $i, $kv := .Key}}{{if $i}}, {{end}}{{$kv.Name}}={{template "value" $kv.Value}}{{end}}
{{- else}}<span class="muted">no key</span>{{with .Count}} {{.}}{{end}}{{end}}</td><td>
{{- range .Columns}}<span class="line">{{.Column}}: {{template "value" .Source}}<span class="arrow">→</span>{{template "value" .Target}}{{with .Where}} <span class="muted">({{.}})</span>{{end}}</span>{{end}}
{{- range .Row}}<span class="line">{{.Name}} = {{template "value" .Value}}</span>{{end}}
{{- if and (not .Columns) (not .Row)}}<span class="muted">{{if eq .Kind "missing"}}only on the source{{else if eq .Kind "extra"}}only on the target{{end}}</span>{{end}}</td></tr>
{{- end}}
{{- end}}
</tbody></table></div>
{{- end}}
</section>
{{end -}}

{{define "bench"}}
<section class="bench">
<h2>Timings per workload</h2>
<p class="meta">{{.Legend}}</p>
{{- range .Workloads}}
<h3>{{.Scenario}}{{with .Table}} <span class="muted">· {{.}}</span>{{end}}</h3>
{{- with .Query}}
<pre><code>{{.}}</code></pre>
{{- end}}
{{- template "chart" .Chart}}
{{- end}}
<h2>Grid</h2>
<div class="scroll"><table class="grid">
<thead><tr><th>workload</th><th>settings</th>{{range .Targets}}<th>{{.Header}}</th>{{end}}{{with .VsFirst}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- $vs := .VsFirst}}
{{- range .Rows}}
<tr><td>{{.Workload}}{{with .Table}}<span class="line muted">{{.}}</span>{{end}}</td><td>{{.Settings}}</td>
{{- range .Cells}}<td>
{{- if .NotRun}}<span class="muted">not run</span>{{end}}
{{- with .Error}}<span class="line bad">{{.}}</span>{{end}}
{{- with .Summary}}<span class="line">{{.}}</span>{{end}}
{{- with .Counters}}<span class="line muted">{{.}}</span>{{end}}
{{- with .VsFirst}}<span class="line">{{.}}</span>{{end}}
{{- with .Then}}<span class="line bad">{{.}}</span>{{end}}
{{- range .Notes}}<span class="line muted">({{.}})</span>{{end}}</td>
{{- end}}
{{- if $vs}}<td>{{range .VsTarget}}<span class="line">{{.}}</span>{{end}}</td>{{end}}</tr>
{{- end}}
</tbody></table></div>
{{- if .Comparisons}}
<h2>Comparisons</h2>
<div class="scroll"><table>
<thead><tr><th>kind</th><th>target</th><th>row</th><th>base</th><th>other</th><th class="num">ratio</th><th>change</th></tr></thead>
<tbody>
{{- range .Comparisons}}
<tr><td>{{.Kind}}</td><td>{{.Target}}</td><td>{{.Row}}</td><td>{{.Base}}</td><td>{{.Other}}</td><td class="num">{{.Ratio}}</td><td class="{{.Class}}">{{.Result}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
<h2>Targets</h2>
<div class="scroll"><table>
<thead><tr><th>target</th><th>server</th><th>endpoint</th><th>variables set</th></tr></thead>
<tbody>
{{- range .Targets}}
<tr><td>{{.Label}}</td><td>{{.Server}}</td><td><code>{{.Endpoint}}</code></td><td>{{.Variables}}</td></tr>
{{- end}}
</tbody></table></div>
{{- range .Restored}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{end -}}

{{define "extract-compare"}}
<section class="extract-compare">
<h2>Changes</h2>
<p><span class="{{if .Regressions}}bad{{else}}good{{end}}">{{.Summary}}</span>.</p>
<p class="meta">old result started {{with .OldStarted}}{{.}}{{else}}at an unknown time{{end}}; new result started {{with .NewStarted}}{{.}}{{else}}at an unknown time{{end}}; threshold {{.Threshold}}</p>
{{- range .Notes}}
<p class="note">note: {{.}}</p>
{{- end}}
{{- range .Runs}}
<h3>{{.Label}} <span class="muted">· {{.Servers}}</span></h3>
{{- if .Note}}
<p class="bad">{{.Note}}</p>
{{- else}}
{{- template "chart" .Chart}}
<div class="scroll"><table>
<thead><tr><th>table</th><th class="num">rows</th><th class="num">old seconds</th><th class="num">new seconds</th><th class="num">new/old</th><th class="num">old MB/s</th><th class="num">new MB/s</th><th>change</th><th>verdict</th></tr></thead>
<tbody>
{{- range .Tables}}
<tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.OldSeconds}}</td><td class="num">{{.NewSeconds}}</td><td class="num">{{.Ratio}}</td><td class="num">{{.OldMBPerSec}}</td><td class="num">{{.NewMBPerSec}}</td><td class="{{.Class}}">{{.Change}}</td><td><span class="badge {{.Class}}">{{.Verdict}}</span></td></tr>
{{- end}}
</tbody>
{{- with .Total}}
<tfoot><tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.OldSeconds}}</td><td class="num">{{.NewSeconds}}</td><td class="num">{{.Ratio}}</td><td class="num">{{.OldMBPerSec}}</td><td class="num">{{.NewMBPerSec}}</td><td></td><td>{{.Verdict}}</td></tr></tfoot>
{{- end}}
</table></div>
{{- end}}
{{- end}}
<p class="meta">{{.Legend}}.</p>
</section>
{{end -}}

{{define "compare"}}
<section class="compare">
<h2>Changes</h2>
<p><span class="{{if .Regressions}}bad{{else}}good{{end}}">{{.Summary}}</span>.</p>
<p class="meta">baseline run started {{with .OldStarted}}{{.}}{{else}}at an unknown time{{end}}; new run started {{with .NewStarted}}{{.}}{{else}}at an unknown time{{end}}; threshold {{.Threshold}}</p>
{{- template "chart" .Chart}}
<div class="scroll"><table>
<thead><tr><th>cell</th><th>old</th><th>new</th><th>change</th><th>verdict</th></tr></thead>
<tbody>
{{- range .Changes}}
<tr><td>{{.Key}}</td><td>{{.Old}}</td><td>{{.New}}</td><td class="{{.Class}}">{{.Change}}</td><td><span class="badge {{.Class}}">{{.Verdict}}</span></td></tr>
{{- end}}
</tbody></table></div>
</section>
{{end -}}
`
