// Package civil is the calendar parity's Arrow columns use: days and
// microseconds since 1970-01-01 in the proleptic Gregorian calendar, and the
// sentinels that stand in for zero dates, which have no place on it.
//
// extract writes these values and checksum reads them back as text; both
// import civil so that neither needs the other.
package civil
