//go:build !unix

package arrowpool

import "errors"

// Elsewhere every buffer comes from the Go heap.
func mapBytes(int) ([]byte, error) { return nil, errors.New("no anonymous mappings") }

func unmapBytes([]byte) {}
