package checksum

import (
	"encoding/hex"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Literals returns SQL literals of the compared columns' values, in plan
// order, for a fix statement that the mysql client runs against the target
// server after SET NAMES utf8mb4 and SET time_zone = '+00:00':
//
//	NULL                     NULL
//	integers, BIT, YEAR      42, 18446744073709551615
//	DECIMAL                  1.50 (exact, all scale digits)
//	FLOAT, DOUBLE            1.1, 1e+20 (shortest text at the column's size)
//	dates and times          '2024-05-01 10:00:00.120' (the column's fsp digits)
//	zero dates               '0000-00-00'
//	text, ENUM, SET, JSON    'it''s'; with a backslash or a control byte:
//	                         _utf8mb4 X'615c62' (right under any sql_mode)
//	binary                   X'00ff', or '' when empty
//	geometry                 ST_GeomFromWKB(X'0101...')
//
// A geometry's SRID is not carried through extract, so ST_GeomFromWKB
// gives SRID 0.
func (e *Encoder) Literals(rec arrow.RecordBatch, row int) []string {
	e.bind(rec)
	return e.literals(e.cols, row)
}

// KeyLiterals returns SQL literals of the key columns, as Literals does.
func (e *Encoder) KeyLiterals(rec arrow.RecordBatch, row int) []string {
	e.bind(rec)
	return e.literals(e.keys, row)
}

func (e *Encoder) literals(cols []column, row int) []string {
	out := make([]string, len(cols))
	for i := range cols {
		out[i] = e.literal(&cols[i], row)
	}
	return out
}

func (e *Encoder) literal(c *column, row int) string {
	if c.null(row) {
		return "NULL"
	}
	switch a := c.arr.(type) {
	case *array.String:
		return quoteText(a.Value(row))
	case *array.Binary:
		v := a.Value(row)
		switch {
		case familyOf(*c.col) == famGeometry:
			return "ST_GeomFromWKB(X'" + hex.EncodeToString(v) + "')"
		case len(v) == 0:
			return "''"
		}
		return "X'" + hex.EncodeToString(v) + "'"
	case *array.Date32, *array.Timestamp, *array.Duration:
		return "'" + string(appendText(nil, a, c.col, row, false)) + "'"
	}
	return string(appendText(nil, c.arr, c.col, row, false)) // numbers
}

// quoteText quotes a string literal. A plain literal is safe only without
// backslashes (NO_BACKSLASH_ESCAPES may be on or off) and control bytes
// (the mysql client's line handling); those go as hex with an introducer.
func quoteText(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c < 0x20 || c == 0x7f {
			return "_utf8mb4 X'" + hex.EncodeToString([]byte(s)) + "'"
		}
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
