// Package reports renders parity's results for people and machines: terminal
// tables (tablewriter) fitted to the terminal's width, JSON, Markdown, HTML,
// JUnit, and a live progress line. It also puts two saved results side by
// side (Compare) and several in one report (Combine).
package reports
