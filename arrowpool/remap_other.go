//go:build !linux

package arrowpool

import "errors"

// Elsewhere a growing buffer is copied.
func remapBytes([]byte, int) ([]byte, error) { return nil, errors.New("no mremap") }
