package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/parity-db/parity/result"
)

// Renderer writes a report in one format.
type Renderer interface {
	Render(w io.Writer, r *Report) error
}

// Formats parity renders reports in.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatJUnit    = "junit"
)

// Formats lists the formats in the order help text shows them.
var Formats = []string{FormatText, FormatJSON, FormatMarkdown, FormatHTML, FormatJUnit}

// NewRenderer returns the renderer of a format name.
func NewRenderer(format string, o RenderOptions) (Renderer, error) {
	switch strings.ToLower(format) {
	case FormatText, "txt":
		return Text(o), nil
	case FormatJSON:
		return JSON{}, nil
	case FormatMarkdown, "markdown":
		return Markdown{}, nil
	case FormatHTML:
		return HTML{}, nil
	case FormatJUnit, "xml":
		return JUnit{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats, ", "))
}

// RenderOptions tune renderers that have options.
type RenderOptions struct {
	Color bool // text: colour the status words
	Width int  // text: fit tables into this many columns (a terminal's width); 0: natural width
}

// FormatOf picks a format from a file name's extension: .txt, .json, .md,
// .html, .xml (JUnit).
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text":
		return FormatText, nil
	case ".json":
		return FormatJSON, nil
	case ".md", ".markdown":
		return FormatMarkdown, nil
	case ".html", ".htm":
		return FormatHTML, nil
	case ".xml":
		return FormatJUnit, nil
	}
	return "", fmt.Errorf("report %s: cannot tell the format from the extension (use .txt, .json, .md, .html or .xml for JUnit)", path)
}

// reportKind marks a rendered report, so Decode can read one back.
const reportKind = "parity report"

// JSON renders the report model itself, indented: stable field names,
// versioned by schema_version.
type JSON struct{}

// Render writes r as JSON.
func (JSON) Render(w io.Writer, r *Report) error {
	doc := struct {
		SchemaVersion int    `json:"schema_version"`
		Kind          string `json:"kind"`
		*Report
	}{result.SchemaVersion, reportKind, r}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
