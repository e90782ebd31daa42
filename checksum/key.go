package checksum

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
)

// Keys match a row on one side to the same row on the other. Both sides
// encode a key column in its pair's class, without strict mode's type tag
// or the float tolerance, so equal keys are equal bytes whatever the
// column types, and KeyArgs can turn the bytes back into values.

// AppendKey appends the row's canonical key bytes (see KeyArgs); nothing
// for a keyless plan. Equal keys give equal bytes on both sides, and byte
// order follows value order for numbers, dates and times.
func (e *Encoder) AppendKey(dst []byte, rec arrow.RecordBatch, row int) []byte {
	e.bind(rec)
	return e.appendKey(dst, row)
}

// appendKey writes per key column 0x00 for NULL, else 0x01 and the exact
// canonical bytes: as they are for fixed-size classes, else escaped and
// terminated (appendEscaped), so each column delimits itself.
func (e *Encoder) appendKey(dst []byte, row int) []byte {
	for i := range e.keys {
		c := &e.keys[i]
		if c.null(row) {
			dst = append(dst, 0)
			continue
		}
		dst = append(dst, 1)
		if c.pc.class.fixedSize() > 0 {
			dst = c.exact.appendCanon(dst, row)
			continue
		}
		e.kbuf = c.exact.appendCanon(e.kbuf[:0], row)
		dst = appendEscaped(dst, e.kbuf)
	}
	return dst
}

// appendEscaped appends b with each 0x00 written as 0x00 0xFF, then the
// terminator 0x00 0x00. The result delimits itself inside a composite key,
// and comparing escaped forms byte by byte orders them as b would order.
func appendEscaped(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			break
		}
		dst = append(dst, b[:i+1]...)
		dst = append(dst, 0xFF)
		b = b[i+1:]
	}
	dst = append(dst, b...)
	return append(dst, 0, 0)
}

// readEscaped undoes appendEscaped at the start of key.
func readEscaped(key []byte) (val, rest []byte, err error) {
	for i := 0; i+1 < len(key); i++ {
		if key[i] != 0 {
			val = append(val, key[i])
			continue
		}
		switch key[i+1] {
		case 0:
			return val, key[i+2:], nil
		case 0xFF:
			val = append(val, 0)
			i++
		default:
			return nil, nil, errors.New("bad escape")
		}
	}
	return nil, nil, errors.New("unterminated value")
}

// KeyArgs decodes key bytes from AppendKey into values to bind to "?"
// placeholders of a lookup on either server, one per key column:
//
//	NULL                     nil
//	integers                 int64, or uint64 above MaxInt64
//	DECIMAL                  the exact decimal text, string ("1.5")
//	FLOAT, DOUBLE            float64 (a FLOAT's exact single-precision value)
//	DATE                     "YYYY-MM-DD"
//	DATETIME, TIMESTAMP      "YYYY-MM-DD HH:MM:SS.ffffff" (UTC)
//	TIME                     "[-]HH:MM:SS.ffffff", hours up to 838
//	text, ENUM, SET, JSON    string
//	binary                   []byte
//	zero dates               their text ("0000-00-00")
//	types that do not match  the text both sides compared, string
func (p *Plan) KeyArgs(key []byte) ([]any, error) {
	args := make([]any, 0, len(p.key))
	err := p.eachKeyColumn(key, func(pc *planColumn, v []byte) error {
		if v == nil {
			args = append(args, nil)
			return nil
		}
		a, err := pc.keyArg(v)
		args = append(args, a)
		return err
	})
	return args, err
}

// KeyValues decodes key bytes from AppendKey into the key columns' display
// values, in the form Values shows them for a row of side: dates and times
// with that side's fractional digits, binary as 0x-hex. A difference found
// only in a listing (a row one side lacks) is shown from its key this way,
// without reading the row.
func (p *Plan) KeyValues(key []byte, side Side) ([]Value, error) {
	if side != Source && side != Target {
		return nil, fmt.Errorf("key values: %v is not a side", side)
	}
	out := make([]Value, 0, len(p.key))
	err := p.eachKeyColumn(key, func(pc *planColumn, v []byte) error {
		if v == nil {
			out = append(out, Value{Null: true})
			return nil
		}
		b, err := pc.keyText(nil, v, pc.sides[side].FSP, false)
		out = append(out, p.display(b))
		return err
	})
	return out, err
}

// KeyLiterals decodes key bytes into SQL literals of the key columns, in the
// form Literals writes them, for a fix statement that names a row by its key
// alone (a DELETE of a row only the target has). Dates and times carry all
// six fractional digits, so the literal is exact whatever either side's fsp.
func (p *Plan) KeyLiterals(key []byte) ([]string, error) {
	out := make([]string, 0, len(p.key))
	err := p.eachKeyColumn(key, func(pc *planColumn, v []byte) error {
		if v == nil {
			out = append(out, "NULL")
			return nil
		}
		b, err := pc.keyText(nil, v, 6, true)
		if err != nil {
			return err
		}
		switch pc.class {
		case clsInt, clsDecimal, clsFloat32, clsFloat64:
			out = append(out, string(b))
		case clsBytes:
			if len(v) == 0 {
				out = append(out, "''")
			} else {
				out = append(out, "X'"+hex.EncodeToString(v)+"'")
			}
		default:
			out = append(out, quoteText(string(b)))
		}
		return nil
	})
	return out, err
}

// eachKeyColumn splits key bytes into each key column's exact canonical
// bytes, nil for NULL, and calls fn in key order.
func (p *Plan) eachKeyColumn(key []byte, fn func(pc *planColumn, v []byte) error) error {
	for i := range p.key {
		pc := &p.key[i]
		if len(key) == 0 {
			return fmt.Errorf("key: ends before column %s", pc.name)
		}
		flag := key[0]
		key = key[1:]
		if flag == 0 {
			if err := fn(pc, nil); err != nil {
				return fmt.Errorf("key: column %s: %w", pc.name, err)
			}
			continue
		}
		if flag != 1 {
			return fmt.Errorf("key: column %s: bad NULL flag %#x", pc.name, flag)
		}
		var v []byte
		if n := pc.class.fixedSize(); n > 0 {
			if len(key) < n {
				return fmt.Errorf("key: column %s: %d bytes, want %d", pc.name, len(key), n)
			}
			v, key = key[:n], key[n:]
		} else {
			var err error
			if v, key, err = readEscaped(key); err != nil {
				return fmt.Errorf("key: column %s: %w", pc.name, err)
			}
			if v == nil {
				v = []byte{} // an empty value, not NULL
			}
		}
		if err := fn(pc, v); err != nil {
			return fmt.Errorf("key: column %s: %w", pc.name, err)
		}
	}
	if len(key) != 0 {
		return fmt.Errorf("key: %d bytes after the last key column", len(key))
	}
	return nil
}

// keyText appends the text of one key column's exact canonical bytes:
// numbers in decimal (DECIMAL padded to the source's scale unless literal),
// dates and times with fsp digits, text as is, binary as 0x-hex for
// display. literal asks for the form a SQL literal quotes.
func (pc *planColumn) keyText(dst, v []byte, fsp int, literal bool) ([]byte, error) {
	a, err := pc.keyArg(v)
	if err != nil {
		return dst, err
	}
	switch pc.class {
	case clsInt:
		switch x := a.(type) {
		case int64:
			return strconv.AppendInt(dst, x, 10), nil
		case uint64:
			return strconv.AppendUint(dst, x, 10), nil
		}
	case clsDecimal:
		if literal {
			return append(dst, a.(string)...), nil
		}
		return appendScaled(dst, a.(string), pc.sides[Source].Scale), nil
	case clsFloat32:
		return strconv.AppendFloat(dst, a.(float64), 'g', -1, 32), nil
	case clsFloat64:
		return strconv.AppendFloat(dst, a.(float64), 'g', -1, 64), nil
	case clsDate:
		return appendDate(dst, int32(binary.BigEndian.Uint32(v)^1<<31)), nil
	case clsMicros:
		return appendDateTime(dst, int64(binary.BigEndian.Uint64(v)^1<<63), fsp), nil
	case clsTime:
		return appendTime(dst, int64(binary.BigEndian.Uint64(v)^1<<63), fsp), nil
	case clsBytes:
		if literal {
			return append(dst, v...), nil
		}
		return hex.AppendEncode(append(dst, "0x"...), v), nil
	}
	switch x := a.(type) {
	case string:
		return append(dst, x...), nil
	case []byte:
		return append(dst, x...), nil
	}
	return dst, fmt.Errorf("key value of type %T", a)
}

// appendScaled appends normalized decimal text with trailing zeros up to
// scale fractional digits, as the column shows it: "1.2" at scale 2 is
// "1.20".
func appendScaled(dst []byte, dec string, scale int) []byte {
	dst = append(dst, dec...)
	if scale <= 0 {
		return dst
	}
	frac := 0
	if i := strings.IndexByte(dec, '.'); i >= 0 {
		frac = len(dec) - i - 1
	} else {
		dst = append(dst, '.')
	}
	for ; frac < scale; frac++ {
		dst = append(dst, '0')
	}
	return dst
}

// keyArg decodes one column's exact canonical bytes (see valueEncoder).
func (pc *planColumn) keyArg(v []byte) (any, error) {
	switch pc.class {
	case clsInt:
		u := binary.BigEndian.Uint64(v[1:])
		switch {
		case v[0] == 0:
			return int64(u), nil
		case v[0] != 1:
			return nil, fmt.Errorf("bad sign byte %#x", v[0])
		case u > math.MaxInt64:
			return u, nil
		}
		return int64(u), nil
	case clsFloat32:
		b := binary.BigEndian.Uint32(v)
		if b>>31 != 0 {
			b &^= 1 << 31
		} else {
			b = ^b
		}
		return float64(math.Float32frombits(b)), nil
	case clsFloat64:
		b := binary.BigEndian.Uint64(v)
		if b>>63 != 0 {
			b &^= 1 << 63
		} else {
			b = ^b
		}
		return math.Float64frombits(b), nil
	case clsDate:
		return string(appendDate(nil, int32(binary.BigEndian.Uint32(v)^1<<31))), nil
	case clsMicros:
		return string(appendDateTime(nil, int64(binary.BigEndian.Uint64(v)^1<<63), 6)), nil
	case clsTime:
		return string(appendTime(nil, int64(binary.BigEndian.Uint64(v)^1<<63), 6)), nil
	case clsBytes:
		return append([]byte{}, v...), nil // not nil: the driver sends nil []byte as NULL
	case clsJSON:
		if len(v) > 0 && v[0] == 0 { // not JSON: tag and raw text
			return string(v[1:]), nil
		}
	}
	return string(v), nil
}
