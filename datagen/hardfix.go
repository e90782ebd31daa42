package datagen

import "fmt"

// The ClassFixSQL tables: differences whose fix SQL is easy to get wrong.

func fixEnum() HardTable {
	const name = "fix_enum"
	return HardTable{
		Name: name, Class: ClassFixSQL, Relaxed: true,
		About: "ENUM columns holding the error value '' (stored under a relaxed sql_mode): a strict REPLACE fails with ERROR 1265",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			textCol("e", "ENUM('small','medium','large') NOT NULL"),
			textCol("e2", "ENUM('x','y') NULL"),
			textCol("note", "VARCHAR(20) NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			sizes := []string{"small", "medium", "large"}
			var rows [][]any
			for id := 1; id <= 40; id++ {
				r := hardRand(seed, name, id)
				e := sizes[r.IntN(3)]
				if id%5 == 0 {
					e = ""
				}
				var e2 any = []string{"x", "y"}[r.IntN(2)]
				switch {
				case id%7 == 0:
					e2 = ""
				case id%3 == 0:
					e2 = nil
				}
				rows = append(rows, []any{int64(id), e, e2, fmt.Sprintf("note %d", id)})
			}
			return rows
		},
	}
}

func fixGenerated() HardTable {
	const name = "fix_generated"
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "STORED and VIRTUAL generated columns: a REPLACE that names them fails with ERROR 3105 (MySQL) or 1906 (MariaDB)",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			intKey("a", "INT NOT NULL"),
			intKey("b", "INT NULL"),
			{Name: "total", Source: "INT GENERATED ALWAYS AS (`a` + `b`) STORED", Kind: KindInteger, Generated: true},
			{Name: "label", Source: "VARCHAR(40) GENERATED ALWAYS AS (CONCAT('item-', `a`)) VIRTUAL", Kind: KindText, Generated: true},
			textCol("note", "VARCHAR(20) NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 50; id++ {
				r := hardRand(seed, name, id)
				var b any = r.Int64N(1000)
				if id%6 == 0 {
					b = nil
				}
				rows = append(rows, []any{int64(id), r.Int64N(1000), b, fmt.Sprintf("n%d", id)})
			}
			return rows
		},
	}
}

// FixKeylessTricky are the fix_keyless values of t that only differ by
// case or a trailing space: equal under utf8mb4_general_ci, so a DELETE by
// value must not take one for another.
var FixKeylessTricky = []string{"ABC", "abc", "abc "}

func fixKeyless() HardTable {
	const name = "fix_keyless"
	doc := `{"a": 1, "b": [1, 2]}`
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "a keyless table of FLOAT, DOUBLE and JSON values and text differing in case and trailing spaces: DELETE ... <=> matches nothing or the wrong copy",
		Columns: []HardColumn{
			intKey("n", "INT NULL"),
			{Name: "f", Source: "FLOAT NULL", Kind: KindFloat},
			{Name: "d", Source: "DOUBLE NULL", Kind: KindDouble},
			{Name: "j", Source: "JSON NULL", Kind: KindJSON},
			textCol("t", "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL"),
		},
		rows: func(seed int64) [][]any {
			rows := [][]any{
				// Differing only in t, in this physical order.
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[0]},
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[1]},
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[2]},
				{int64(2), float32(3.14159), 2.718281828459045, `{"z": "last", "a": "first"}`, "dup"},
				{int64(2), float32(3.14159), 2.718281828459045, `{"z": "last", "a": "first"}`, "dup"},
				{int64(3), float32(-1.5e-10), 1e-300, `[1, 2.5, "x"]`, "héllo"},
				{int64(4), float32(123456), 0.30000000000000004, `{"nested": {"k": [true, false, null]}}`, "Straße"},
				{int64(5), nil, nil, nil, nil},
				{int64(5), nil, nil, nil, nil},
				{int64(5), nil, nil, nil, nil},
				{int64(6), float32(1e30), -1.7976931348623157e308, `"just a string"`, "emoji🍣"},
			}
			for i := 10; i < 30; i++ {
				r := hardRand(seed, name, i)
				rows = append(rows, []any{int64(i), randFloat32(r), randDouble(r), randJSON(r), randText(r, utf8mb4, 15, 80)})
			}
			return rows
		},
	}
}

func fixBig() HardTable {
	const name = "fix_big"
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "rows of 17 and 18 MiB: one REPLACE each is larger than the mysql client's max_allowed_packet (ERROR 2006/2020)",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			{Name: "b", Source: "LONGBLOB NULL", Kind: KindBinary},
			textCol("t", "LONGTEXT NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 6; id++ {
				var b, t any = fmt.Appendf(nil, "blob %d", id), fmt.Sprintf("text %d", id)
				switch id {
				case FixBigBlobID:
					b = bigBytes(seed, name, 17<<20)
				case FixBigTextID:
					t = bigText(seed, name, 18<<20)
				}
				rows = append(rows, []any{int64(id), b, t})
			}
			return rows
		},
	}
}

// FixNotNullNulls are the fix_notnull ids whose source holds a NULL that the
// NOT NULL target column cannot: c is NULL in the first two, d in the last.
var FixNotNullNulls = []int64{5, 17, 23}

func fixNotNull() HardTable {
	return HardTable{
		Name: "fix_notnull", Class: ClassFixSQL, Lossy: true,
		About: "nullable source columns made NOT NULL on the target: the load stores '' and 0, and no SQL can write the NULL back",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			{Name: "c", Source: "VARCHAR(20) NULL", MySQL: "VARCHAR(20) NOT NULL", MariaDB: "VARCHAR(20) NOT NULL", Kind: KindText},
			{Name: "d", Source: "INT NULL", MySQL: "INT NOT NULL", MariaDB: "INT NOT NULL", Kind: KindInteger},
		},
		Key: []string{"id"},
		rows: func(int64) [][]any {
			var rows [][]any
			for id := int64(1); id <= 30; id++ {
				var c, d any = fmt.Sprintf("c%d", id), id * 10
				switch id {
				case FixNotNullNulls[0], FixNotNullNulls[1]:
					c = nil
				case FixNotNullNulls[2]:
					d = nil
				}
				rows = append(rows, []any{id, c, d})
			}
			return rows
		},
	}
}
