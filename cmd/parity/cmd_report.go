package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

// defaultThreshold is how much slower, beyond noise, a comparison calls a
// regression: bench compare's and report's --threshold.
const defaultThreshold = "10%"

type reportOptions struct {
	format    string
	out       string
	color     string
	combine   bool
	title     string
	threshold string
}

func (o *reportOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "", "`format`: "+strings.Join(reports.Formats, ", ")+" (default: from -o's extension, else text)")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of stdout (written whole or not at all; - is stdout)")
	fs.StringVar(&o.color, "color", "auto", "colour the text format: auto (a terminal without NO_COLOR), always, never")
	fs.BoolVar(&o.combine, "combine", false, "one report of every RESULT.json given, a section each")
	fs.StringVar(&o.title, "title", "", "the report's heading `text` (default: the command)")
	fs.StringVar(&o.threshold, "threshold", defaultThreshold,
		"comparing OLD.json with NEW.json: a significant slowdown beyond this `percent` is a regression")
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o reportOptions
	fs := newFlagSet("report")
	o.register(fs)
	files, help, err := parseInterspersed(fs, args, reportUsage, "report", stdout)
	if help || err != nil {
		return err
	}
	switch {
	case o.combine && len(files) == 0:
		return usageError{msg: "report --combine: give the RESULT.json files to put in one report", help: "report"}
	case !o.combine && (len(files) == 0 || len(files) > 2):
		return usageError{msg: fmt.Sprintf("report: give one RESULT.json (written by --json), OLD.json NEW.json to compare "+
			"two results of the same command, or --combine A.json B.json ... for one report of several (%d files given)", len(files)),
			help: "report"}
	}
	return runReport(ctx, o, files, stdout)
}

// runReport renders one result, a comparison of two, or (--combine) one
// report of several.
func runReport(_ context.Context, o reportOptions, files []string, stdout io.Writer) error {
	if o.out == "-" {
		o.out = ""
	}
	if err := checkOutputs("report", output{"-o", o.out}); err != nil {
		return err
	}
	format := o.format
	if format == "" && o.out != "" {
		f, err := reports.FormatOf(o.out)
		if err != nil {
			return usageError{msg: "report: " + err.Error() + ", or give --format", help: "report"}
		}
		format = f
	}
	if format == "" {
		format = reports.FormatText
	}
	color := false
	switch o.color {
	case "always":
		color = true
	case "auto":
		color = o.out == "" && isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
	case "never":
	default:
		return usageError{msg: fmt.Sprintf("report: --color %q: want auto, always or never", o.color), help: "report"}
	}
	threshold, err := parsePercent(o.threshold)
	if err != nil {
		return usageError{msg: fmt.Sprintf("report: --threshold %q: want a percentage like 10%%", o.threshold), help: "report"}
	}
	width := 0
	if o.out == "" {
		width = textWidth(stdout)
	}
	renderer, err := reports.NewRenderer(format, reports.RenderOptions{Color: color, Width: width})
	if err != nil {
		return usageError{msg: "report: " + err.Error(), help: "report"}
	}
	docs := make([]*reports.Report, len(files))
	for i, file := range files {
		if docs[i], err = decodeFile(file); err != nil {
			return err
		}
	}
	var r *reports.Report
	switch {
	case o.combine:
		for i, file := range files {
			docs[i].Source = filepath.Base(file)
		}
		r = reports.Combine(o.title, versionString(), docs)
	case len(docs) == 2:
		r, err = reports.Compare(docs[0], docs[1], reports.CompareOptions{Threshold: threshold, Version: versionString()})
		if errors.Is(err, result.ErrNotComparable) {
			return usageError{msg: fmt.Sprintf("report: %s and %s: %v", files[0], files[1], err), help: "report"}
		}
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
	default:
		r = docs[0]
	}
	if o.title != "" {
		r.Title = o.title
	}
	if o.out == "" {
		return renderer.Render(stdout, r)
	}
	return reports.WriteFile(o.out, func(w io.Writer) error { return renderer.Render(w, r) })
}

func decodeFile(file string) (*reports.Report, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	r, err := reports.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", file, err)
	}
	return r, nil
}

// parsePercent reads a percentage given as "10%" or "10".
func parsePercent(s string) (stats.Threshold, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("not a percentage: %q", s)
	}
	return stats.Threshold(v / 100), nil
}

// textWidth is how wide text tables written to w may be: the terminal's
// width ($COLUMNS when set, which also overrides a size the terminal
// misreports), or 0 (natural width) when w is not a terminal: a file or a
// pipe gets whole lines.
func textWidth(w io.Writer) int {
	if !isTerminal(w) {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if width, _, err := term.GetSize(int(w.(*os.File).Fd())); err == nil && width > 0 {
		return width
	}
	return 0
}
