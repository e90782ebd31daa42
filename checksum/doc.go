// Package checksum decides whether a table's rows are equal on two servers.
//
// Rows arrive as Arrow record batches from package extract. A Plan looks at
// each compared column's type on both sides and picks one canonical form for
// the pair, so that equal data encodes to the same bytes even when a
// migration changed the column type (INT to BIGINT, FLOAT to DOUBLE, latin1
// to utf8mb4, MariaDB's JSON text to MySQL's JSON). An Encoder turns rows of
// one side's batches into those bytes and hashes them (xxh3, 128 bits); a Sum
// adds the hashes of a chunk in any order. When two sums differ, a Listing of
// per-row key and hash finds the rows, CompareRows names the columns, and
// Values and Literals render them for people and for a fix statement.
//
// Row encoding, per compared column in plan order:
//
//	NULL      0x00
//	not NULL  0x01 uvarint(len(c)) c   where c is the column's canonical bytes
//
// so ('ab','c') and ('a','bc') differ, and NULL, the empty string and 'NULL' all differ.
package checksum
