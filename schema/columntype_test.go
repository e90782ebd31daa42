package schema_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestParseColumnType(t *testing.T) {
	tests := []struct {
		in      string
		want    schema.ColumnType
		wantErr bool
	}{
		{in: "int(11) unsigned zerofill", want: schema.ColumnType{Base: "int", Args: []int{11}, Unsigned: true, Zerofill: true}},
		{in: "int(11) zerofill", want: schema.ColumnType{Base: "int", Args: []int{11}, Unsigned: true, Zerofill: true}},
		{in: "INTEGER", want: schema.ColumnType{Base: "int"}},
		{in: "bigint signed", want: schema.ColumnType{Base: "bigint"}},
		{in: "varchar(255)", want: schema.ColumnType{Base: "varchar", Args: []int{255}}},
		{in: "decimal(10,2)", want: schema.ColumnType{Base: "decimal", Args: []int{10, 2}}},
		{in: "decimal( 10 , 2 ) unsigned", want: schema.ColumnType{Base: "decimal", Args: []int{10, 2}, Unsigned: true}},
		{in: "enum('a','b,c','it''s')", want: schema.ColumnType{Base: "enum", Members: []string{"a", "b,c", "it's"}}},
		{in: "enum('')", want: schema.ColumnType{Base: "enum", Members: []string{""}}},
		{in: "set('x', 'Y')", want: schema.ColumnType{Base: "set", Members: []string{"x", "Y"}}},
		{in: "datetime(6)", want: schema.ColumnType{Base: "datetime", Args: []int{6}}},
		{in: "datetime /* mariadb-5.3 */", want: schema.ColumnType{Base: "datetime"}},
		{in: "double", want: schema.ColumnType{Base: "double"}},
		{in: "float(7,3)", want: schema.ColumnType{Base: "float", Args: []int{7, 3}}},
		{in: "bit(8)", want: schema.ColumnType{Base: "bit", Args: []int{8}}},
		{in: "json", want: schema.ColumnType{Base: "json"}},
		{in: "longtext", want: schema.ColumnType{Base: "longtext"}},
		{in: "point", want: schema.ColumnType{Base: "point"}},
		{in: "varchar(10) binary", want: schema.ColumnType{Base: "varchar", Args: []int{10}, Attrs: []string{"binary"}}},
		{in: "", wantErr: true},
		{in: "(10)", wantErr: true},
		{in: "varchar(", wantErr: true},
		{in: "varchar()", wantErr: true},
		{in: "varchar(x)", wantErr: true},
		{in: "varchar(-1)", wantErr: true},
		{in: "int(99999999999999999999)", wantErr: true},
		{in: "enum", wantErr: true},
		{in: "enum()", wantErr: true},
		{in: "enum('a'", wantErr: true},
		{in: "enum('a)", wantErr: true},
		{in: "enum(a)", wantErr: true},
		{in: "enum('a' 'b')", wantErr: true},
		{in: "datetime /* open", wantErr: true},
	}
	for _, tt := range tests {
		got, err := schema.ParseColumnType(tt.in)
		switch {
		case tt.wantErr && err == nil:
			t.Errorf("ParseColumnType(%q) = %+v, want an error", tt.in, got)
		case !tt.wantErr && err != nil:
			t.Errorf("ParseColumnType(%q) error = %v", tt.in, err)
		case !tt.wantErr && !reflect.DeepEqual(got, tt.want):
			t.Errorf("ParseColumnType(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseColumnType(f *testing.F) {
	for _, s := range []string{
		"int(11) unsigned zerofill", "varchar(255)", "decimal(10,2)", "enum('a','b,c','it''s')", "set('x')",
		"datetime(6)", "double", "float(7,3)", "bit(8)", "json", "longtext", "point", "datetime /* mariadb-5.3 */",
		"enum('", "int(", "tinyint(1)", "char(36)", "year(4)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ct, err := schema.ParseColumnType(s)
		if err == nil && (ct.Base == "" || ct.Base != strings.ToLower(ct.Base)) {
			t.Fatalf("ParseColumnType(%q): base %q", s, ct.Base)
		}
	})
}
