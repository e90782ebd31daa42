package extract

import (
	"fmt"
	"strings"
)

// ZeroDatePolicy says what becomes of a DATE, DATETIME or TIMESTAMP value
// that is not a calendar date: the zero date '0000-00-00', a partial zero
// date such as '2020-00-15' or '2020-05-00 10:00:00' (servers without
// NO_ZERO_IN_DATE store them), or an impossible day such as '2021-02-30'
// (stored under ALLOW_INVALID_DATES).
type ZeroDatePolicy int

const (
	// ZeroDatesNull reads such values as NULL and counts them per column.
	ZeroDatesNull ZeroDatePolicy = iota
	// ZeroDatesError stops at the first one with a *ZeroDateError.
	ZeroDatesError
	// ZeroDatesKeep stores a sentinel that keeps the value's text (see
	// civil.ZeroDate32 and civil.ZeroTimestamp): verify compares zero dates exactly.
	// Not for files other tools read: the sentinels are not dates to them.
	ZeroDatesKeep
)

// ParseZeroDatePolicy reads a policy name: "null" or "error".
func ParseZeroDatePolicy(s string) (ZeroDatePolicy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "null":
		return ZeroDatesNull, nil
	case "error":
		return ZeroDatesError, nil
	}
	return 0, fmt.Errorf("zero-date policy %q: want \"null\" or \"error\"", s)
}

func (p ZeroDatePolicy) String() string {
	switch p {
	case ZeroDatesNull:
		return "null"
	case ZeroDatesError:
		return "error"
	case ZeroDatesKeep:
		return "keep"
	}
	return fmt.Sprintf("ZeroDatePolicy(%d)", int(p))
}

// ZeroDateError reports a zero or partial-zero date under ZeroDatesError;
// errors.As-able; names column and value.
type ZeroDateError struct{ Column, Value string }

func (e *ZeroDateError) Error() string {
	return fmt.Sprintf("column %s holds %q, which is not a calendar date (zero-date policy \"null\" reads it as NULL)",
		e.Column, e.Value)
}

// DateStatus is what DATE, DATETIME or TIMESTAMP text from the server
// holds, as the decoder reads it.
type DateStatus uint8

const (
	DateOK   DateStatus = iota // a calendar value
	DateZero                   // zero, partial-zero or impossible: the ZeroDatePolicy applies
	DateBad                    // not the server's text form
)

// DateTextStatus reads s as the decoder does: DATE text, or with withTime
// DATETIME and TIMESTAMP text ("YYYY-MM-DD HH:MM:SS[.ffffff]"). A sink that
// writes the server's text itself (TextSink) applies the run's policy where
// the decoder would.
func DateTextStatus(s []byte, withTime bool) DateStatus {
	var st parseStatus
	if withTime {
		_, st = parseDateTime(s)
	} else {
		_, st = parseDate(s)
	}
	switch st {
	case parsedOK:
		return DateOK
	case parsedZero:
		return DateZero
	}
	return DateBad
}
