// Package extract streams tables out of a MySQL-family server into Apache
// Arrow record batches: tables are cut into key-range chunks, workers (one
// connection each) read chunks concurrently at the driver level, decode rows
// straight into Arrow builders, and hand bounded batches to a Sink, one
// goroutine per table. A sink that writes text (TextSink, CSV) can take a
// table's rows as text rendered from the driver's values instead.
package extract
