package datagen

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// The ClassKeys tables: key types at and beyond their edges.

// keyedRows makes one row per key, the key first and then v.
func keyedRows(keys []any, value func(k any) string) [][]any {
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k, value(k)}
	}
	return rows
}

func keyUnsignedBigint() HardTable {
	const name = "key_ubigint"
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   "BIGINT UNSIGNED keys spread over the whole range, most at or above 2^63, up to 18446744073709551615",
		Columns: []HardColumn{{Name: "id", Source: "BIGINT UNSIGNED NOT NULL", Kind: KindInteger}, valueColumn},
		Key:     []string{"id"},
		rows: func(seed int64) [][]any {
			set := map[uint64]bool{}
			for _, k := range []uint64{1, 2, 3, 1<<63 - 2, 1<<63 - 1, 1 << 63, 1<<63 + 1, 1<<63 + 2,
				math.MaxUint64 - 2, math.MaxUint64 - 1, math.MaxUint64} {
				set[k] = true
			}
			step := uint64(math.MaxUint64 / 120)
			for i := uint64(1); i < 120; i++ {
				set[step*i+i%7] = true
			}
			r := hardRand(seed, name, 0)
			for len(set) < 200 {
				set[1<<63|r.Uint64()] = true // most random keys in the upper half
			}
			keys := make([]uint64, 0, len(set))
			for k := range set {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("u%d", k) })
		},
	}
}

// keyUnsignedBigintDense is 250 consecutive BIGINT UNSIGNED keys from
// first: a dense key range the integer splitter cuts into exact ranges.
func keyUnsignedBigintDense(name string, first uint64) HardTable {
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   fmt.Sprintf("250 consecutive BIGINT UNSIGNED keys from %d", first),
		Columns: []HardColumn{{Name: "id", Source: "BIGINT UNSIGNED NOT NULL", Kind: KindInteger}, valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			keys := make([]any, 250)
			for i := range keys {
				keys[i] = first + uint64(i)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("u%d", k) })
		},
	}
}

func keyDecimal() HardTable {
	const name = "key_decimal"
	return HardTable{
		Name: name, Class: ClassKeys,
		About: "DECIMAL(10,2) keys widened to DECIMAL(12,4) on the target: target rows such as 1.2345 fall between source keys",
		Columns: []HardColumn{
			{Name: "k", Source: "DECIMAL(10,2) NOT NULL", MySQL: "DECIMAL(12,4) NOT NULL", MariaDB: "DECIMAL(12,4) NOT NULL", Kind: KindDecimal},
			valueColumn,
		},
		Key: []string{"k"},
		rows: func(seed int64) [][]any {
			set := map[string]bool{}
			for _, k := range []string{"-99999999.99", "-12345.67", "-1.00", "-0.01", "0.00", "0.01", "1.23", "1.24", "1.25",
				"99999999.98", "99999999.99"} {
				set[k] = true
			}
			r := hardRand(seed, name, 0)
			for len(set) < 180 {
				set[randDecimal(r, 10, 2)] = true
			}
			keys := slices.Collect(maps.Keys(set))
			slices.SortFunc(keys, compareDecimalText)
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return "d" + k.(string) })
		},
	}
}

func keyNegative() HardTable {
	return HardTable{
		Name: "key_negative", Class: ClassKeys,
		About:   "negative INT keys from -2147483648 across zero",
		Columns: []HardColumn{intKey("id", "INT NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			set := map[int64]bool{math.MinInt32: true, math.MinInt32 + 1: true, -2147483000: true, -1: true, 0: true, math.MaxInt32 - 1: true}
			for i := range int64(200) {
				set[-1000+7*i] = true
			}
			keys := slices.Sorted(maps.Keys(set))
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("n%d", k) })
		},
	}
}

func keyTinyint() HardTable {
	return HardTable{
		Name: "key_tinyint", Class: ClassKeys,
		About:   "TINYINT keys -127..126: the type's bounds -128 and 127 are left for extra target rows",
		Columns: []HardColumn{intKey("id", "TINYINT NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			var keys []any
			for k := int64(-127); k <= 126; k++ {
				keys = append(keys, k)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("t%d", k) })
		},
	}
}

func keyTinyintUnsigned() HardTable {
	return HardTable{
		Name: "key_tinyint_u", Class: ClassKeys,
		About:   "TINYINT UNSIGNED keys 1..254: the bounds 0 and 255 are left for extra target rows",
		Columns: []HardColumn{intKey("id", "TINYINT UNSIGNED NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			var keys []any
			for k := uint64(1); k <= 254; k++ {
				keys = append(keys, k)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("t%d", k) })
		},
	}
}

// compositeRegions sort in utf8mb4_bin order: upper case first.
var compositeRegions = []string{"Zulu", "ap", "eu", "eu-west", "us"}

// compositeStart is the first DATETIME of key_composite: the 37-minute
// steps cross the leap day 2024-02-29.
var compositeStart = time.Date(2024, 2, 28, 22, 0, 0, 0, time.UTC)

func keyComposite() HardTable {
	return HardTable{
		Name: "key_composite", Class: ClassKeys,
		About: "a composite key of VARCHAR, DATETIME and INT",
		Columns: []HardColumn{
			textCol("region", "VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL"),
			{Name: "at", Source: "DATETIME NOT NULL", Kind: KindTemporal},
			intKey("seq", "INT NOT NULL"),
			intKey("qty", "INT NULL"),
			valueColumn,
		},
		Key: []string{"region", "at", "seq"},
		rows: func(int64) [][]any {
			var rows [][]any
			for _, region := range compositeRegions {
				for k := range 10 {
					at := compositeStart.Add(time.Duration(k*37) * time.Minute).Format(datetimeLayout)
					for _, seq := range []int64{-1, 0, 1, 2} {
						rows = append(rows, []any{region, at, seq, int64(len(rows)), fmt.Sprintf("%s/%d/%d", region, k, seq)})
					}
				}
			}
			return rows
		},
	}
}

func keyBinary16() HardTable {
	const name = "key_binary16"
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   "BINARY(16) keys with zero bytes, trailing zeros and the 0x7f/0x80 boundary; all-zero and all-0xff left for extra rows",
		Columns: []HardColumn{{Name: "id", Source: "BINARY(16) NOT NULL", Kind: KindBinary}, valueColumn},
		Key:     []string{"id"},
		rows: func(seed int64) [][]any {
			fill := func(first byte, rest byte, last byte) []byte {
				b := bytes.Repeat([]byte{rest}, 16)
				b[0], b[15] = first, last
				return b
			}
			keys := [][]byte{fill(0, 0, 1), fill(0x7f, 0xff, 0xff), fill(0x80, 0, 0), fill(0xab, 0, 0), fill(0xff, 0xff, 0xfe)}
			r := hardRand(seed, name, 0)
			for len(keys) < 160 {
				keys = append(keys, randBytes(r, 16))
			}
			slices.SortFunc(keys, bytes.Compare)
			keys = slices.CompactFunc(keys, bytes.Equal)
			var anys []any
			for _, k := range keys {
				if !bytes.Equal(k, make([]byte, 16)) && !bytes.Equal(k, bytes.Repeat([]byte{0xff}, 16)) {
					anys = append(anys, k)
				}
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("b%x", k) })
		},
	}
}
