// Package reports renders parity's results for people and machines: terminal
// tables (tablewriter), JSON, and a live progress line.
package reports
