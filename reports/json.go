package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
// or interrupted write leaves no file that looks complete.
func WriteFile(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file private; a report is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
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
