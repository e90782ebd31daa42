package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parity-db/parity/reports"
)

type reportOptions struct {
	format string
	out    string
	color  string
}

func (o *reportOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "", "`format`: "+strings.Join(reports.Formats, ", ")+" (default: from -o's extension, else text)")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of stdout (written whole or not at all)")
	fs.StringVar(&o.color, "color", "auto", "colour the text format: auto (a terminal without NO_COLOR), always, never")
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o reportOptions
	fs := newFlagSet("report")
	o.register(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, reportUsage)
			printFlags(fs, stdout)
			return nil
		}
		return usageError{msg: "report: " + err.Error(), help: "report"}
	}
	if len(files) != 1 {
		return usageError{msg: "report: give one RESULT.json (written by --json)", help: "report"}
	}
	return runReport(ctx, o, files[0], stdout)
}

func runReport(_ context.Context, o reportOptions, file string, stdout io.Writer) error {
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
	renderer, err := reports.NewRenderer(format, reports.RenderOptions{Color: color})
	if err != nil {
		return usageError{msg: "report: " + err.Error(), help: "report"}
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	r, err := reports.Decode(f)
	if err != nil {
		return fmt.Errorf("report: %s: %w", file, err)
	}
	if o.out == "" {
		return renderer.Render(stdout, r)
	}
	return reports.WriteFile(o.out, func(w io.Writer) error { return renderer.Render(w, r) })
}
