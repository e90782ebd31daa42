// Package bench times queries under grids of server settings on one or more
// labelled servers (parity bench): the tool for "is the new cluster slower
// on our full exports and big sorts, and which setting fixes it?".
//
// A grid is the product of the --set values; each workload (a built-in
// scenario on a table, or a custom query) runs under every point of it on
// every target, interleaved so machine drift hits all cells alike. Session
// variables are set on the one timed connection; global-only ones are set
// with SET GLOBAL, recorded first in a restore file, and put back however
// the run ends. A query that fails (1038 Out of sort memory, 1114 table is
// full, a timeout) is the cell's result, not the command's. Around each run
// the session's status counters, the statement's performance_schema row and
// TempTable's memory are read, so a timing comes with its reason.
package bench
