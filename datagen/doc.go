// Package datagen fills tables with deterministic test data: the same seed
// gives the same rows on every run, platform and server, so integration tests
// can compare what parity read with what was written, and benchmarks can
// reuse a table that is already loaded.
//
//   - Sysbench: a table shaped like sysbench oltp's sbtest, millions of rows
//     fast, reused when its COMMENT records the same seed and row count.
//   - AllTypes: one column for every MySQL type parity maps, with edge values
//     (type minima and maxima, NULLs, empty values, multi-byte text) in the
//     first rows; AllTypesRows returns exactly what was inserted.
//   - ZeroDates: zero and partial-zero dates, which strict servers refuse,
//     written through a session with a relaxed sql_mode.
//   - HardTables and RandomHardTable: the hard-migration dataset, tables a
//     MariaDB -> MySQL migration gets wrong in ways a verifier must still
//     see, each with its source DDL, target DDL for MySQL 9 and for a
//     MariaDB copy, and deterministic rows.
//
// Every function works on a connection of its own with the session settings
// it needs and closes that connection afterwards instead of returning it to
// the caller's pool, so relaxed or altered session variables never leak.
package datagen
