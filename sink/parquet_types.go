package sink

import (
	"encoding/binary"
	"encoding/json"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// parquetColumnKind is how a column's Arrow values become Parquet values.
// Every kind but plain exists because a reader misread pqarrow's default:
//
//	Arrow                 Parquet                            why
//	--------------------  ---------------------------------  ----------------------------------------------
//	duration[us] (TIME)   INT64, signed microseconds;        Parquet has no signed span type; pqarrow's
//	                      "ARROW:schema" says int64 with     reader refuses a stored duration column ("no
//	                      field metadata parity.unit =       support for reading columns of type:
//	                      "microseconds"                     duration"), and TIME(MICROS) is a time of
//	                                                         day, which -838:59:59 and 25:00:00 are not
//	decimal256(p,s)       FIXED_LEN_BYTE_ARRAY(32)           pqarrow writes the shortest length, 28 bytes
//	                      DECIMAL(p,s), big-endian two's     for 65 digits; DuckDB 1.5 reads lengths that
//	                      complement                         are not a multiple of 8 wrongly (values and
//	                                                         statistics times 2^32)
//
// DuckDB has no decimal wider than 38 digits and reads a DECIMAL(39..65)
// column as DOUBLE; pqarrow and Arrow C++ read it as the exact decimal256.
type parquetColumnKind int

const (
	parquetPlain       parquetColumnKind = iota // pqarrow's encoding
	parquetMicros                               // duration as its int64 storage
	parquetWideDecimal                          // decimal256 as 32-byte big-endian values
)

// wideDecimalBytes is the fixed length of a decimal256 value in the file:
// the whole 256-bit value, a multiple of 8 as DuckDB needs.
const wideDecimalBytes = 32

// timeUnitKey is the field metadata key that gives the unit of a TIME
// column written as INT64, in the stored Arrow schema.
const timeUnitKey = "parity.unit"

// mysqlTypesKey is the file metadata key holding every column's MySQL
// type as a JSON object, for readers that do not read "ARROW:schema"
// (DuckDB shows it with parquet_kv_metadata()).
const mysqlTypesKey = "parity.mysql_types"

func parquetKindOf(dt arrow.DataType) parquetColumnKind {
	switch dt.ID() {
	case arrow.DURATION:
		return parquetMicros
	case arrow.DECIMAL256:
		return parquetWideDecimal
	}
	return parquetPlain
}

// storageSchema is sc as the file stores it: Duration fields become Int64
// with their unit in the field metadata. Duration is always microseconds
// here (extract.Field), but the unit is taken from the type.
func storageSchema(sc *arrow.Schema) *arrow.Schema {
	fields := slices.Clone(sc.Fields())
	for i, f := range fields {
		dt, ok := f.Type.(*arrow.DurationType)
		if !ok {
			continue
		}
		fields[i].Type = arrow.PrimitiveTypes.Int64
		keys := append(slices.Clone(f.Metadata.Keys()), timeUnitKey)
		vals := append(slices.Clone(f.Metadata.Values()), unitName[dt.Unit])
		fields[i].Metadata = arrow.NewMetadata(keys, vals)
	}
	md := sc.Metadata()
	return arrow.NewSchema(fields, &md)
}

var unitName = map[arrow.TimeUnit]string{
	arrow.Second:      "seconds",
	arrow.Millisecond: "milliseconds",
	arrow.Microsecond: "microseconds",
	arrow.Nanosecond:  "nanoseconds",
}

// widenDecimals replaces each decimal256 leaf of the schema pqarrow made
// by a 32-byte one of the same name, repetition, precision, scale and
// field id.
func widenDecimals(sc *schema.Schema, fields []arrow.Field) (*schema.Schema, error) {
	root := sc.Root()
	nodes := make(schema.FieldList, root.NumFields())
	for i := range nodes {
		n := root.Field(i)
		dt, ok := fields[i].Type.(*arrow.Decimal256Type)
		if !ok {
			nodes[i] = n
			continue
		}
		wide, err := schema.NewPrimitiveNodeLogical(n.Name(), n.RepetitionType(),
			schema.NewDecimalLogicalType(dt.Precision, dt.Scale), parquet.Types.FixedLenByteArray, wideDecimalBytes, n.FieldID())
		if err != nil {
			return nil, err
		}
		nodes[i] = wide
	}
	g, err := schema.NewGroupNode(root.Name(), root.RepetitionType(), nodes, root.FieldID())
	if err != nil {
		return nil, err
	}
	return schema.NewSchema(g), nil
}

// mysqlTypes is the parity.mysql_types value: {"column": "mysql type"},
// for the fields that carry one.
func mysqlTypes(sc *arrow.Schema) (string, bool) {
	types := map[string]string{}
	for _, f := range sc.Fields() {
		if t, ok := f.Metadata.GetValue("mysql.type"); ok {
			types[f.Name] = t
		}
	}
	if len(types) == 0 {
		return "", false
	}
	b, err := json.Marshal(types)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// writeWideDecimals appends a decimal256 array to a FIXED_LEN_BYTE_ARRAY(32)
// column chunk. values and scratch are the column's reusable buffers.
func (col *parquetColumn) writeWideDecimals(cw file.ColumnChunkWriter, a *array.Decimal256, defs []int16) error {
	w := cw.(*file.FixedLenByteArrayColumnChunkWriter)
	n := a.Len()
	col.scratch = slices.Grow(col.scratch[:0], n*wideDecimalBytes)[:n*wideDecimalBytes]
	col.flba = slices.Grow(col.flba[:0], n)[:n]
	for i := range n {
		if a.IsNull(i) {
			col.flba[i] = nil
			continue
		}
		out := col.scratch[i*wideDecimalBytes : (i+1)*wideDecimalBytes : (i+1)*wideDecimalBytes]
		words := a.Value(i).Array() // little-endian 64-bit words
		binary.BigEndian.PutUint64(out[0:], words[3])
		binary.BigEndian.PutUint64(out[8:], words[2])
		binary.BigEndian.PutUint64(out[16:], words[1])
		binary.BigEndian.PutUint64(out[24:], words[0])
		col.flba[i] = out
	}
	var err error
	if a.NullN() == 0 {
		_, err = w.WriteBatch(col.flba, defs, nil)
	} else {
		_, err = w.WriteBatchSpacedWithError(col.flba, defs, nil, a.NullBitmapBytes(), int64(a.Data().Offset()))
	}
	return err
}
