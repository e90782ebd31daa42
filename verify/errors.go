package verify

import "errors"

// ErrSameTables: the source and the target are one server and the mapping
// sends a table to itself, so verify would compare it with itself and say
// "equal" whatever it holds.
var ErrSameTables = errors.New("source and target are the same tables")
