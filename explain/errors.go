package explain

import "errors"

// ErrNotPlan is a JSON document that is not an EXPLAIN FORMAT=JSON plan:
// it has neither format 1's "query_block" nor format 2's "query_plan".
var ErrNotPlan = errors.New("not an EXPLAIN FORMAT=JSON document (no query_block or query_plan)")
