package querylog

import (
	"fmt"
	"os"
)

// ScanFile is Scan of the log or statement file at path; f "" detects its
// format. Errors name the file.
func ScanFile(path string, f Format, fn func(Statement) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err // *PathError names the file
	}
	defer file.Close()
	if err := Scan(file, path, f, fn); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}
