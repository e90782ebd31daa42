package schema_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestChunkKey(t *testing.T) {
	pk := schema.Index{Name: "PRIMARY", Primary: true, Unique: true, Columns: []string{"a", "b"}}
	uk2 := schema.Index{Name: "uk_ab", Unique: true, Columns: []string{"a", "b"}}
	uk1 := schema.Index{Name: "uk_c", Unique: true, Columns: []string{"c"}}
	uk1b := schema.Index{Name: "uk_d", Unique: true, Columns: []string{"d"}}
	nullable := schema.Index{Name: "uk_n", Unique: true, Nullable: true, Columns: []string{"n"}}
	prefix := schema.Index{Name: "uk_p", Unique: true, Prefix: true, Columns: []string{"p"}}
	functional := schema.Index{Name: "uk_f", Unique: true, Prefix: true, Columns: []string{""}} // how Inspect reports a functional key part
	secondary := schema.Index{Name: "ix_s", Columns: []string{"s"}}
	invisible := schema.Index{Name: "uk_i", Unique: true, Invisible: true, Columns: []string{"i"}}

	tests := []struct {
		name    string
		indexes []schema.Index
		want    string // "" when there is no chunk key
	}{
		{"primary key", []schema.Index{pk}, "PRIMARY"},
		{"primary key wins over a narrower unique key", []schema.Index{uk1, secondary, pk}, "PRIMARY"},
		{"unique not null", []schema.Index{secondary, uk2}, "uk_ab"},
		{"fewest columns", []schema.Index{uk2, uk1}, "uk_c"},
		{"first of equally narrow keys", []schema.Index{uk2, uk1, uk1b}, "uk_c"},
		{"nullable unique rejected", []schema.Index{nullable}, ""},
		{"nullable unique skipped for a wider one", []schema.Index{nullable, uk2}, "uk_ab"},
		{"prefix unique rejected", []schema.Index{prefix}, ""},
		{"functional unique rejected", []schema.Index{functional, secondary}, ""},
		{"secondary only", []schema.Index{secondary}, ""},
		{"invisible unique rejected", []schema.Index{invisible}, ""},
		{"invisible unique skipped for a wider one", []schema.Index{invisible, uk2}, "uk_ab"},
		{"no index", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := &schema.Table{Schema: "db", Name: "t", Indexes: tt.indexes}
			got, ok := tbl.ChunkKey()
			if ok != (tt.want != "") || got.Name != tt.want {
				t.Errorf("ChunkKey() = %q, %v; want %q, %v", got.Name, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestQuoteIdent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"orders", "`orders`"},
		{"", "``"},
		{"a`b", "`a``b`"},
		{"``", "``````"},
		{"order items", "`order items`"},
		{"naïve.表", "`naïve.表`"},
		{"x'; DROP TABLE t; --", "`x'; DROP TABLE t; --`"},
	}
	for _, tt := range tests {
		if got := schema.QuoteIdent(tt.in); got != tt.want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got, want := schema.QuoteIdents([]string{"a", "b`c"}), "`a`, `b``c`"; got != want {
		t.Errorf("QuoteIdents = %s, want %s", got, want)
	}
	if got := schema.QuoteIdents(nil); got != "" {
		t.Errorf("QuoteIdents(nil) = %q", got)
	}
}

func ExampleQuoteIdent() {
	fmt.Println(schema.QuoteIdent("orders"))
	fmt.Println(schema.QuoteIdent("odd`name"))
	t := &schema.Table{Schema: "shop", Name: "order items"}
	fmt.Println(t.QuotedName(), "is", t)
	// Output:
	// `orders`
	// `odd``name`
	// `shop`.`order items` is shop.order items
}

func TestTableColumns(t *testing.T) {
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{
		{Name: "id", DataType: "int"},
		{Name: "Name", DataType: "varchar", Charset: "utf8mb4"},
		{Name: "raw", DataType: "varbinary"},
		{Name: "b", DataType: "varchar", Charset: "binary"},
	}}
	if got, want := tbl.ColumnNames(), []string{"id", "Name", "raw", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ColumnNames() = %q, want %q", got, want)
	}
	if c := tbl.Column("name"); c == nil || c.Name != "Name" {
		t.Errorf("Column(name) = %+v: column names are case-insensitive", c)
	}
	if c := tbl.Column("missing"); c != nil {
		t.Errorf("Column(missing) = %+v", c)
	}
	tbl.Column("id").Extra = "changed"
	if tbl.Columns[0].Extra != "changed" {
		t.Error("Column does not return a pointer into the table")
	}
	for name, want := range map[string]bool{"id": false, "Name": true, "raw": false, "b": false} {
		if got := tbl.Column(name).IsText(); got != want {
			t.Errorf("%s IsText() = %v, want %v", name, got, want)
		}
	}
	if got := (schema.Ref{Schema: "db", Name: "t"}).String(); got != "db.t" {
		t.Errorf("Ref.String() = %q", got)
	}
}
