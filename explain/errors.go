package explain

import "errors"

// ErrNotPlan is a JSON document that is not an EXPLAIN FORMAT=JSON plan:
// it has neither format 1's "query_block" nor format 2's "query_plan".
var ErrNotPlan = errors.New("not an EXPLAIN FORMAT=JSON document (no query_block or query_plan)")

// errUnknownSystemVariable is ER_UNKNOWN_SYSTEM_VARIABLE, what MariaDB and
// MySQL before 8.3 answer to a SELECT of @@explain_json_format_version.
const errUnknownSystemVariable = 1193
