package checksum

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

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
	for i := range p.key {
		pc := &p.key[i]
		if len(key) == 0 {
			return nil, fmt.Errorf("key args: key ends before column %s", pc.name)
		}
		flag := key[0]
		key = key[1:]
		if flag == 0 {
			args = append(args, nil)
			continue
		}
		if flag != 1 {
			return nil, fmt.Errorf("key args: column %s: bad NULL flag %#x", pc.name, flag)
		}
		var v []byte
		if n := pc.class.fixedSize(); n > 0 {
			if len(key) < n {
				return nil, fmt.Errorf("key args: column %s: %d bytes, want %d", pc.name, len(key), n)
			}
			v, key = key[:n], key[n:]
		} else {
			var err error
			if v, key, err = readEscaped(key); err != nil {
				return nil, fmt.Errorf("key args: column %s: %w", pc.name, err)
			}
		}
		a, err := pc.keyArg(v)
		if err != nil {
			return nil, fmt.Errorf("key args: column %s: %w", pc.name, err)
		}
		args = append(args, a)
	}
	if len(key) != 0 {
		return nil, fmt.Errorf("key args: %d bytes after the last key column", len(key))
	}
	return args, nil
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
