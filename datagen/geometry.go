package datagen

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// geometry is a POINT, LINESTRING or POLYGON with SRID 0. AllTypes inserts
// its WKT through ST_GeomFromText(?, 0); AllTypesRows reports its WKB.
type geometry struct {
	kind  uint32      // WKB type: 1 point, 2 linestring, 3 polygon
	rings [][]float64 // x,y pairs: one ring for point and linestring
}

const (
	wkbPoint      = 1
	wkbLineString = 2
	wkbPolygon    = 3
)

// WKT is the well-known text: "POINT(1 2)", "POLYGON((0 0,4 0,4 4,0 4,0 0))".
func (g geometry) WKT() string {
	var b strings.Builder
	ring := func(xy []float64) {
		b.WriteByte('(')
		for i := 0; i < len(xy); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(xy[i], 'f', -1, 64))
			b.WriteByte(' ')
			b.WriteString(strconv.FormatFloat(xy[i+1], 'f', -1, 64))
		}
		b.WriteByte(')')
	}
	switch g.kind {
	case wkbPoint:
		b.WriteString("POINT")
		ring(g.rings[0])
	case wkbLineString:
		b.WriteString("LINESTRING")
		ring(g.rings[0])
	case wkbPolygon:
		b.WriteString("POLYGON(")
		for i, r := range g.rings {
			if i > 0 {
				b.WriteByte(',')
			}
			ring(r)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// WKB is the little-endian well-known binary, without the 4-byte SRID that
// MySQL and MariaDB put in front of it in their internal (and text protocol)
// form; ST_AsBinary returns this form.
func (g geometry) WKB() []byte {
	b := []byte{1} // little endian
	b = binary.LittleEndian.AppendUint32(b, g.kind)
	if g.kind == wkbPolygon {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(g.rings)))
	}
	for _, xy := range g.rings {
		if g.kind != wkbPoint {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(xy)/2))
		}
		for _, v := range xy {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}

// rectangle is a closed ring around (x,y)..(x+w,y+h), counter-clockwise.
func rectangle(x, y, w, h float64) []float64 {
	return []float64{x, y, x + w, y, x + w, y + h, x, y + h, x, y}
}

// randCoord is a multiple of 1/4 in ±1e6: exact in binary and in short
// decimal text, so WKT and WKB describe the same double.
func randCoord(r *rand.Rand) float64 { return float64(r.Int64N(8_000_001)-4_000_000) / 4 }

func randGeometry(r *rand.Rand) geometry {
	switch r.IntN(3) {
	case 0:
		return geometry{wkbPoint, [][]float64{{randCoord(r), randCoord(r)}}}
	case 1:
		n := 2 + r.IntN(4)
		xy := make([]float64, 0, 2*n)
		for range n {
			xy = append(xy, randCoord(r), randCoord(r))
		}
		return geometry{wkbLineString, [][]float64{xy}}
	default:
		w, h := float64(1+r.IntN(1000))/4, float64(1+r.IntN(1000))/4
		return geometry{wkbPolygon, [][]float64{rectangle(randCoord(r), randCoord(r), w, h)}}
	}
}
