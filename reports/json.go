package reports

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/parity-db/parity/atomicfile"
)

// WriteJSONFile writes v as indented JSON to path atomically: a reader never
// sees a half-written file.
func WriteJSONFile(path string, v any) error {
	return WriteFile(path, func(w io.Writer) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("encode %s: %w", path, err)
		}
		_, err = w.Write(append(data, '\n'))
		return err
	})
}

// WriteFile writes path atomically: write fills a temporary file beside it,
// which is synced and renamed over path only when write succeeded. A failed
// or interrupted write leaves no file that looks complete. Reports are
// ordinary files (0644 under the usual umask).
func WriteFile(path string, write func(w io.Writer) error) error {
	return atomicfile.Write(path, atomicfile.Options{}, write)
}

// WriteReport renders r into path in the format its extension names.
func WriteReport(path string, r *Report) error {
	format, err := FormatOf(path)
	if err != nil {
		return err
	}
	renderer, err := NewRenderer(format, RenderOptions{})
	if err != nil {
		return err
	}
	return WriteFile(path, func(w io.Writer) error { return renderer.Render(w, r) })
}
