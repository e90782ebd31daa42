// Package explain reads query plans and says how a plan changed between the
// source server and the target, for parity replay.
//
// A plan is read from EXPLAIN FORMAT=JSON, the one plan format every server
// parity meets can print, into the few things that decide a query's speed:
// how each table is read (access type, index, estimated rows), and whether
// the query sorts (filesort) or builds a temporary table. Compare lists the
// differences that matter to a person; statistics noise (row estimates
// within RowsFactor) is not one of them.
//
// The servers print two shapes, and Parse reads both:
//
//   - Format 1, a tree of query blocks holding "table" objects with an
//     access_type: MySQL 5.6 to 8.2, MySQL 8.3+ with
//     explain_json_format_version=1, and MariaDB, whose members differ
//     (rows, not rows_examined_per_scan; filesort and temporary_table
//     objects, not flags; block-nl-join, read_sorted_file, expression_cache
//     wrappers; hash_ALL and key "#hash#$hj" for a hash join; no cost).
//   - Format 2, MySQL 8.3+'s tree of operations ("operation", "access_type":
//     "table" or "index", "inputs"), the default of MySQL 9.x and the only
//     shape the hypergraph optimizer prints.
//
// Both are normalized to format 1's access type names, so that a plan from
// MariaDB compares with one from MySQL 9. Explain asks MySQL 8.3+ for format
// 1 because format 2 loses tables: those read while planning (const and
// system) fold into one "Rows fetched before execution" operation.
package explain
