package datagen_test

import (
	"fmt"
	"slices"

	"github.com/parity-db/parity/datagen"
)

func ExampleAllTypesRows() {
	rows := datagen.AllTypesRows(6, 1)
	cols := datagen.AllTypesColumns()
	for _, name := range []string{"id", "c_bigint_u", "c_decimal_65_30", "c_time_6", "c_bit_17"} {
		fmt.Printf("%s: %#v\n", name, rows[1][slices.Index(cols, name)]) // row id 2 holds the maxima
	}
	// Output:
	// id: 2
	// c_bigint_u: 0xffffffffffffffff
	// c_decimal_65_30: "99999999999999999999999999999999999.999999999999999999999999999999"
	// c_time_6: "838:59:59.000000"
	// c_bit_17: 0x1ffff
}

func ExampleSysbenchComment() {
	fmt.Println(datagen.SysbenchComment(2_000_000, 1))
	// Output: parity-datagen sysbench v1 seed=1 rows=2000000
}
