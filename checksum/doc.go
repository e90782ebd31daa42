// Package checksum will hash extracted Arrow batches per chunk and compare
// them between two clusters (parity verify). The command exits 2 with "not
// implemented yet" until it lands.
package checksum
