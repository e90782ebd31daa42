// Package querylog turns what a server logged about an application's
// queries into statement classes that parity replay can run on a source and
// a target: the slow query log and the general query log as MySQL 9.x and
// MariaDB 10.11 write them, a file of ';'-separated statements, and
// performance_schema's statement digests.
//
// Readers yield Statements: the text the server ran, the default database it
// ran in, where it was found and the time the log gave it. Fingerprint
// abstracts a statement into its shape, literals replaced by '?', and Group
// gathers the statements of one shape into a Class with a few samples,
// ordered by the time the log says the class took. Writes tells the
// statements that could change a server, which replay never runs; bench uses
// the same judgement for its queries, and the same lexer (Tokens).
package querylog
