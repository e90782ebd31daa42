package extract

import (
	"reflect"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestChunkWhere(t *testing.T) {
	id := []Bound{{Column: "id", Placeholder: "?"}}
	ab := []Bound{{Column: "a", Placeholder: "?"}, {Column: "b", Placeholder: "CAST(? AS DECIMAL(10,2))"}}
	abc := []Bound{{Column: "a", Placeholder: "?"}, {Column: "b", Placeholder: "?"}, {Column: "c`x", Placeholder: "?"}}
	tests := []struct {
		name     string
		c        Chunk
		want     string
		wantArgs []any
	}{
		{"unbounded", Chunk{Key: id}, "", nil},
		{"first", Chunk{Key: id, Upper: []any{int64(100)}}, "`id` < ?", []any{int64(100)}},
		{"last", Chunk{Key: id, Lower: []any{uint64(18446744073709551615)}}, "`id` >= ?", []any{uint64(18446744073709551615)}},
		{"middle", Chunk{Key: id, Lower: []any{int64(-5)}, Upper: []any{int64(7)}}, "`id` >= ? AND `id` < ?", []any{int64(-5), int64(7)}},
		{"rest after a key", Chunk{Key: id, Lower: []any{int64(-5)}, Upper: []any{int64(7)}}.Rest([]any{int64(3)}),
			"`id` > ? AND `id` < ?", []any{int64(3), int64(7)}},
		{"rest of a composite chunk", Chunk{Key: ab, Upper: []any{"y", "2"}}.Rest([]any{"x", "1.50"}),
			"((`a` > ?) OR (`a` = ? AND `b` > CAST(? AS DECIMAL(10,2)))) AND ((`a` < ?) OR (`a` = ? AND `b` < CAST(? AS DECIMAL(10,2))))",
			[]any{"x", "x", "1.50", "y", "y", "2"}},
		{"composite lower", Chunk{Key: ab, Lower: []any{"x", "1.50"}},
			"((`a` > ?) OR (`a` = ? AND `b` >= CAST(? AS DECIMAL(10,2))))", []any{"x", "x", "1.50"}},
		{"composite upper", Chunk{Key: ab, Upper: []any{"y", "2"}},
			"((`a` < ?) OR (`a` = ? AND `b` < CAST(? AS DECIMAL(10,2))))", []any{"y", "y", "2"}},
		{"three columns both", Chunk{Key: abc, Lower: []any{1, 2, 3}, Upper: []any{4, 5, 6}},
			"((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c``x` >= ?)) AND " +
				"((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ? AND `c``x` < ?))",
			[]any{1, 1, 2, 1, 2, 3, 4, 4, 5, 4, 5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, args := tt.c.Where()
			if got != tt.want {
				t.Errorf("Where() = %q\nwant      %q", got, tt.want)
			}
			if !reflect.DeepEqual(args, tt.wantArgs) {
				t.Errorf("args = %v, want %v", args, tt.wantArgs)
			}
		})
	}
}

func TestChunkQuery(t *testing.T) {
	tbl := &schema.Table{Schema: "shop", Name: "order items", Columns: []schema.Column{{Name: "id", DataType: "int"}, {Name: "select", DataType: "varchar", Charset: "utf8mb4"}}}
	floats := &schema.Table{Schema: "m", Name: "t", Columns: []schema.Column{{Name: "f", DataType: "float"}, {Name: "d", DataType: "double"}}}
	tests := []struct {
		name string
		c    Chunk
		want string
	}{
		{"full scan", Chunk{Table: tbl}, "SELECT `id`, `select` FROM `shop`.`order items`"},
		{"float read exactly", Chunk{Table: floats}, "SELECT CAST(`f` AS DOUBLE) AS `f`, `d` FROM `m`.`t`"},
		{"range", Chunk{Table: tbl, Index: "PRIMARY", Key: []Bound{{"id", "?"}}, Lower: []any{1}, Upper: []any{2}},
			"SELECT `id`, `select` FROM `shop`.`order items` FORCE INDEX (`PRIMARY`) WHERE `id` >= ? AND `id` < ? ORDER BY `id`"},
		{"composite key in key order", Chunk{Table: tbl, Index: "uk", Key: []Bound{{"select", "?"}, {"id", "?"}}},
			"SELECT `id`, `select` FROM `shop`.`order items` FORCE INDEX (`uk`) ORDER BY `select`, `id`"},
	}
	for _, tt := range tests {
		if got, _ := chunkQuery(tt.c); got != tt.want {
			t.Errorf("%s: chunkQuery = %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestChunkString(t *testing.T) {
	tests := []struct {
		c    Chunk
		want string
	}{
		{Chunk{Seq: 0}, "#0 (full scan)"},
		{Chunk{Seq: 1, Key: []Bound{{"id", "?"}}, Upper: []any{int64(10)}}, "#1 [-inf, 10)"},
		{Chunk{Seq: 2, Key: []Bound{{"a", "?"}, {"b", "?"}}, Lower: []any{"x", []byte{0xff}}}, "#2 [(x, 0xff), +inf)"},
		{Chunk{Seq: 3, Key: []Bound{{"id", "?"}}, Upper: []any{int64(10)}}.Rest([]any{int64(4)}), "#3 (4, 10)"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	tests := []struct {
		col  schema.Column
		want string
		ok   bool
	}{
		{schema.Column{DataType: "int"}, "?", true},
		{schema.Column{DataType: "varchar", Charset: "utf8mb4"}, "?", true},
		{schema.Column{DataType: "decimal", Precision: 65, Scale: 30}, "CAST(? AS DECIMAL(65,30))", true},
		{schema.Column{DataType: "datetime"}, "?", true},
		{schema.Column{DataType: "enum"}, "", false},
		{schema.Column{DataType: "double"}, "", false},
		{schema.Column{DataType: "json"}, "", false},
	}
	for _, tt := range tests {
		got, ok := placeholder(tt.col)
		if got != tt.want || ok != tt.ok {
			t.Errorf("placeholder(%s) = %q, %v; want %q, %v", tt.col.DataType, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBindValue(t *testing.T) {
	tests := []struct {
		col  schema.Column
		in   string
		want any
	}{
		{schema.Column{DataType: "bigint", Unsigned: true}, "18446744073709551615", uint64(18446744073709551615)},
		{schema.Column{DataType: "int"}, "-7", int64(-7)},
		{schema.Column{DataType: "varchar", Charset: "utf8mb4"}, "Ärger", "Ärger"},
		{schema.Column{DataType: "varbinary"}, "\x00\xff", []byte{0, 0xff}},
		{schema.Column{DataType: "datetime"}, "2024-02-29 10:00:00.000001", "2024-02-29 10:00:00.000001"},
		{schema.Column{DataType: "decimal"}, "-1.50", "-1.50"},
	}
	for _, tt := range tests {
		got, err := bindValue(tt.col, []byte(tt.in))
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("bindValue(%s, %q) = %#v, %v; want %#v", tt.col.DataType, tt.in, got, err, tt.want)
		}
	}
}
