package sink_test

import (
	"fmt"

	"github.com/parity-db/parity/sink"
)

func ExampleFileName() {
	fmt.Println(sink.FileName(sink.Parquet, "shop", "orders"))
	fmt.Println(sink.FileName(sink.CSV, "my db", "a/b.c"))
	// Output:
	// shop.orders.parquet
	// my%20db.a%2Fb%2Ec.csv
}

func ExampleFormat_Compression() {
	for _, f := range []sink.Format{sink.Parquet, sink.Arrow, sink.CSV} {
		c, _ := f.Compression("")
		fmt.Println(f, c)
	}
	c, _ := sink.Parquet.Compression("GZIP")
	fmt.Println(c)
	c, _ = sink.Parquet.Compression("zstd:9")
	fmt.Println(c)
	_, err := sink.Arrow.Compression("snappy")
	fmt.Println(err)
	_, err = sink.Parquet.Compression("zstd:30")
	fmt.Println(err)
	// Output:
	// parquet zstd:1
	// arrow none
	// csv none
	// gzip:5
	// zstd:9
	// unknown compression "snappy" for arrow output (use none, zstd, lz4)
	// unknown compression "zstd:30" for parquet output: zstd levels run from 1 to 22
}
