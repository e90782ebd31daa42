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
	_, err := sink.Arrow.Compression("snappy")
	fmt.Println(err)
	// Output:
	// parquet zstd
	// arrow none
	// csv none
	// unknown compression "snappy" for arrow output (use none, zstd, lz4)
}
