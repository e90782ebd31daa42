// Package bench will run query benchmarks across grids of server settings
// (parity bench). The command exits 2 with "not implemented yet" until it
// lands.
package bench
