package schema

import "errors"

var (
	// ErrTableNotFound: a table named exactly in --tables does not exist.
	ErrTableNotFound = errors.New("table not found")
	// ErrNoTables: the selection matched no table at all.
	ErrNoTables = errors.New("no tables match the selection")
)
