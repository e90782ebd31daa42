// Package sink writes extracted Arrow batches to files: Parquet, Arrow IPC
// streams or CSV, one file per table, or discards them for timing runs.
//
// Every file is written under a hidden temporary name in the output
// directory and renamed to its final name only when the table commits, so
// a crashed or cancelled run never leaves a truncated file that looks
// complete. The manifest (manifest.json) is written the same way.
package sink
