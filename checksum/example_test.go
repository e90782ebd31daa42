package checksum_test

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/schema"
)

// A migration widened id to BIGINT and price from FLOAT to DOUBLE; the
// rows still compare equal, and a changed row is named column by column.
func ExamplePlan() {
	src := &schema.Table{Schema: "shop", Name: "item", Columns: []schema.Column{
		{Name: "id", DataType: "int", ColumnType: "int"},
		{Name: "price", DataType: "float", ColumnType: "float"},
		{Name: "name", DataType: "varchar", ColumnType: "varchar(20)", Charset: "latin1"},
	}}
	tgt := &schema.Table{Schema: "shop", Name: "item", Columns: []schema.Column{
		{Name: "id", DataType: "bigint", ColumnType: "bigint"},
		{Name: "price", DataType: "double", ColumnType: "double"},
		{Name: "name", DataType: "varchar", ColumnType: "varchar(40)", Charset: "utf8mb4"},
	}}
	plan, err := checksum.NewPlan(src, tgt, []string{"id", "price", "name"}, []string{"id"}, checksum.Options{})
	if err != nil {
		panic(err)
	}

	mem := memory.NewGoAllocator()
	sb := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int32},
		{Name: "price", Type: arrow.PrimitiveTypes.Float32},
		{Name: "name", Type: arrow.BinaryTypes.String},
	}, nil))
	defer sb.Release()
	sb.Field(0).(*array.Int32Builder).AppendValues([]int32{1, 2}, nil)
	sb.Field(1).(*array.Float32Builder).AppendValues([]float32{1.1, 2.5}, nil)
	sb.Field(2).(*array.StringBuilder).AppendValues([]string{"café", "it's"}, nil)
	srec := sb.NewRecordBatch()
	defer srec.Release()

	tb := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "price", Type: arrow.PrimitiveTypes.Float64},
		{Name: "name", Type: arrow.BinaryTypes.String},
	}, nil))
	defer tb.Release()
	tb.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	tb.Field(1).(*array.Float64Builder).AppendValues([]float64{1.1, 2.5}, nil)
	tb.Field(2).(*array.StringBuilder).AppendValues([]string{"café", "its"}, nil)
	trec := tb.NewRecordBatch()
	defer trec.Release()

	se, err := plan.Encoder(checksum.Source, srec.Schema())
	if err != nil {
		panic(err)
	}
	te, err := plan.Encoder(checksum.Target, trec.Schema())
	if err != nil {
		panic(err)
	}
	var ss, ts checksum.Sum
	var sl, tl checksum.Listing
	se.AddBatch(srec, &ss, &sl)
	te.AddBatch(trec, &ts, &tl)
	fmt.Println("chunk equal:", ss.Equal(ts))

	d := checksum.DiffListings(&sl, &tl, plan.Keyless())
	for _, key := range d.Changed {
		args, _ := plan.KeyArgs(key)
		fmt.Println("changed row, id =", args[0])
	}
	for _, c := range checksum.CompareRows(se, srec, 1, te, trec, 1) {
		fmt.Printf("%s: %s -> %s\n", c.Column, c.Source, c.Target)
	}
	fmt.Println("fix values:", se.Literals(srec, 1))
	// Output:
	// chunk equal: false
	// changed row, id = 2
	// name: it's -> its
	// fix values: [2 2.5 'it''s']
}
