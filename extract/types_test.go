package extract

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

var (
	tsNoZone    = &arrow.TimestampType{Unit: arrow.Microsecond}
	tsUTC       = &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	durUS       = &arrow.DurationType{Unit: arrow.Microsecond}
	arrowString = arrow.BinaryTypes.String
	arrowBinary = arrow.BinaryTypes.Binary
)

func TestFieldMapping(t *testing.T) {
	tests := []struct {
		col      schema.Column
		want     arrow.DataType
		nullable bool
	}{
		{schema.Column{DataType: "tinyint", ColumnType: "tinyint(4)"}, arrow.PrimitiveTypes.Int8, false},
		{schema.Column{DataType: "smallint", ColumnType: "smallint"}, arrow.PrimitiveTypes.Int16, false},
		{schema.Column{DataType: "mediumint", ColumnType: "mediumint"}, arrow.PrimitiveTypes.Int32, false},
		{schema.Column{DataType: "int", ColumnType: "int", Nullable: true}, arrow.PrimitiveTypes.Int32, true},
		{schema.Column{DataType: "bigint", ColumnType: "bigint"}, arrow.PrimitiveTypes.Int64, false},
		{schema.Column{DataType: "tinyint", ColumnType: "tinyint unsigned", Unsigned: true}, arrow.PrimitiveTypes.Uint8, false},
		{schema.Column{DataType: "smallint", ColumnType: "smallint unsigned", Unsigned: true}, arrow.PrimitiveTypes.Uint16, false},
		{schema.Column{DataType: "mediumint", ColumnType: "mediumint unsigned", Unsigned: true}, arrow.PrimitiveTypes.Uint32, false},
		{schema.Column{DataType: "int", ColumnType: "int(10) unsigned", Unsigned: true}, arrow.PrimitiveTypes.Uint32, false},
		{schema.Column{DataType: "bigint", ColumnType: "bigint unsigned", Unsigned: true}, arrow.PrimitiveTypes.Uint64, false},
		{schema.Column{DataType: "decimal", ColumnType: "decimal(5,2)", Precision: 5, Scale: 2}, &arrow.Decimal128Type{Precision: 5, Scale: 2}, false},
		{schema.Column{DataType: "decimal", ColumnType: "decimal(38,0)", Precision: 38}, &arrow.Decimal128Type{Precision: 38}, false},
		{schema.Column{DataType: "decimal", ColumnType: "decimal(39,4)", Precision: 39, Scale: 4}, &arrow.Decimal256Type{Precision: 39, Scale: 4}, false},
		{schema.Column{DataType: "decimal", ColumnType: "decimal(65,30)", Precision: 65, Scale: 30}, &arrow.Decimal256Type{Precision: 65, Scale: 30}, false},
		{schema.Column{DataType: "float", ColumnType: "float"}, arrow.PrimitiveTypes.Float32, false},
		{schema.Column{DataType: "double", ColumnType: "double"}, arrow.PrimitiveTypes.Float64, false},
		{schema.Column{DataType: "bit", ColumnType: "bit(1)", Precision: 1}, arrow.PrimitiveTypes.Uint64, false},
		{schema.Column{DataType: "bit", ColumnType: "bit(64)", Precision: 64}, arrow.PrimitiveTypes.Uint64, false},
		// Date-bearing types are nullable even when NOT NULL: zero dates read as NULL.
		{schema.Column{DataType: "date", ColumnType: "date"}, arrow.FixedWidthTypes.Date32, true},
		{schema.Column{DataType: "datetime", ColumnType: "datetime(6)", FSP: 6}, tsNoZone, true},
		{schema.Column{DataType: "timestamp", ColumnType: "timestamp(3)", FSP: 3}, tsUTC, true},
		{schema.Column{DataType: "time", ColumnType: "time"}, durUS, false},
		{schema.Column{DataType: "year", ColumnType: "year(4)"}, arrow.PrimitiveTypes.Uint16, false},
		{schema.Column{DataType: "char", ColumnType: "char(3)", Charset: "utf8mb4", Collation: "utf8mb4_bin"}, arrowString, false},
		{schema.Column{DataType: "varchar", ColumnType: "varchar(20)", Charset: "latin1", Collation: "latin1_swedish_ci"}, arrowString, false},
		{schema.Column{DataType: "tinytext", ColumnType: "tinytext", Charset: "utf8mb3"}, arrowString, false},
		{schema.Column{DataType: "text", ColumnType: "text", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "mediumtext", ColumnType: "mediumtext", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "longtext", ColumnType: "longtext", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "varchar", ColumnType: "varchar(20)", Charset: "binary"}, arrowBinary, false},
		{schema.Column{DataType: "text", ColumnType: "text", Charset: "binary"}, arrowBinary, false},
		{schema.Column{DataType: "binary", ColumnType: "binary(4)"}, arrowBinary, false},
		{schema.Column{DataType: "varbinary", ColumnType: "varbinary(4)"}, arrowBinary, false},
		{schema.Column{DataType: "tinyblob", ColumnType: "tinyblob"}, arrowBinary, false},
		{schema.Column{DataType: "blob", ColumnType: "blob"}, arrowBinary, false},
		{schema.Column{DataType: "mediumblob", ColumnType: "mediumblob"}, arrowBinary, false},
		{schema.Column{DataType: "longblob", ColumnType: "longblob"}, arrowBinary, false},
		{schema.Column{DataType: "enum", ColumnType: "enum('a','b')", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "set", ColumnType: "set('a','b')", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "json", ColumnType: "json"}, arrowString, false},
		{schema.Column{DataType: "json", ColumnType: "longtext", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "geometry", ColumnType: "geometry"}, arrowBinary, false},
		{schema.Column{DataType: "point", ColumnType: "point"}, arrowBinary, false},
		{schema.Column{DataType: "linestring", ColumnType: "linestring"}, arrowBinary, false},
		{schema.Column{DataType: "polygon", ColumnType: "polygon"}, arrowBinary, false},
		{schema.Column{DataType: "multipoint", ColumnType: "multipoint"}, arrowBinary, false},
		{schema.Column{DataType: "multilinestring", ColumnType: "multilinestring"}, arrowBinary, false},
		{schema.Column{DataType: "multipolygon", ColumnType: "multipolygon"}, arrowBinary, false},
		{schema.Column{DataType: "geometrycollection", ColumnType: "geometrycollection"}, arrowBinary, false},
		{schema.Column{DataType: "geomcollection", ColumnType: "geomcollection"}, arrowBinary, false},
		{schema.Column{DataType: "uuid", ColumnType: "uuid"}, arrowString, false},
		{schema.Column{DataType: "inet4", ColumnType: "inet4"}, arrowString, false},
		{schema.Column{DataType: "inet6", ColumnType: "inet6"}, arrowString, false},
		{schema.Column{DataType: "inet6", ColumnType: "inet6", Charset: "binary"}, arrowBinary, false},
		{schema.Column{DataType: "vector", ColumnType: "vector(3)"}, arrowBinary, false},
		{schema.Column{DataType: "something", ColumnType: "something", Charset: "utf8mb4"}, arrowString, false},
		{schema.Column{DataType: "something", ColumnType: "something", Charset: "binary"}, arrowBinary, false},
	}
	for _, tt := range tests {
		tt.col.Name = "c"
		t.Run(tt.col.ColumnType+"/"+tt.col.DataType+"/"+tt.col.Charset, func(t *testing.T) {
			f, err := Field(tt.col)
			if err != nil {
				t.Fatalf("Field: %v", err)
			}
			if !arrow.TypeEqual(f.Type, tt.want) {
				t.Errorf("type = %s, want %s", f.Type, tt.want)
			}
			if f.Nullable != tt.nullable {
				t.Errorf("nullable = %v, want %v", f.Nullable, tt.nullable)
			}
			if f.Name != "c" {
				t.Errorf("name = %q", f.Name)
			}
		})
	}
}

func TestFieldMetadata(t *testing.T) {
	tests := []struct {
		col  schema.Column
		want map[string]string
	}{
		{
			schema.Column{Name: "v", DataType: "varchar", ColumnType: "varchar(20)", Charset: "latin1", Collation: "latin1_swedish_ci"},
			map[string]string{"mysql.type": "varchar(20)", "mysql.charset": "latin1", "mysql.collation": "latin1_swedish_ci"},
		},
		{
			schema.Column{Name: "i", DataType: "int", ColumnType: "int(10) unsigned", Unsigned: true},
			map[string]string{"mysql.type": "int(10) unsigned"},
		},
		{
			schema.Column{Name: "g", DataType: "point", ColumnType: "point"},
			map[string]string{"mysql.type": "point"},
		},
		{schema.Column{Name: "x", DataType: "int"}, map[string]string{}},
	}
	for _, tt := range tests {
		f, err := Field(tt.col)
		if err != nil {
			t.Fatalf("Field(%s): %v", tt.col.Name, err)
		}
		got := f.Metadata.ToMap()
		if len(got) != len(tt.want) {
			t.Errorf("%s metadata = %v, want %v", tt.col.Name, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s metadata[%s] = %q, want %q", tt.col.Name, k, got[k], v)
			}
		}
	}
}

func TestFieldBadDecimal(t *testing.T) {
	for _, c := range []schema.Column{
		{Name: "d", DataType: "decimal", ColumnType: "decimal", Precision: 0},
		{Name: "d", DataType: "decimal", ColumnType: "decimal(80,2)", Precision: 80, Scale: 2},
		{Name: "d", DataType: "decimal", ColumnType: "decimal(5,6)", Precision: 5, Scale: 6},
	} {
		if _, err := Field(c); err == nil {
			t.Errorf("Field(%s): no error", c.ColumnType)
		}
	}
}

func TestArrowSchema(t *testing.T) {
	tbl := &schema.Table{Schema: "shop", Name: "orders", Columns: []schema.Column{
		{Name: "id", DataType: "bigint", ColumnType: "bigint unsigned", Unsigned: true},
		{Name: "note", DataType: "text", ColumnType: "text", Charset: "utf8mb4", Collation: "utf8mb4_bin", Nullable: true},
	}}
	s, err := ArrowSchema(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Metadata().GetValue("mysql.table"); v != "shop.orders" {
		t.Errorf("mysql.table = %q", v)
	}
	if s.NumFields() != 2 || s.Field(0).Name != "id" || s.Field(1).Name != "note" {
		t.Fatalf("fields = %v", s.Fields())
	}
	if !arrow.TypeEqual(s.Field(0).Type, arrow.PrimitiveTypes.Uint64) || s.Field(0).Nullable {
		t.Errorf("id = %v", s.Field(0))
	}
	if !arrow.TypeEqual(s.Field(1).Type, arrowString) || !s.Field(1).Nullable {
		t.Errorf("note = %v", s.Field(1))
	}

	tbl.Columns = append(tbl.Columns, schema.Column{Name: "d", DataType: "decimal", ColumnType: "decimal(99,0)", Precision: 99})
	if _, err := ArrowSchema(tbl); err == nil {
		t.Error("ArrowSchema with DECIMAL(99,0): no error")
	}
}

func TestFieldColumnSelectExpr(t *testing.T) {
	tests := []struct {
		col  schema.Column
		want string
	}{
		{schema.Column{Name: "f", DataType: "float"}, "CAST(`f` AS DOUBLE) AS `f`"},
		{schema.Column{Name: "we`ird", DataType: "float"}, "CAST(`we``ird` AS DOUBLE) AS `we``ird`"},
		{schema.Column{Name: "d", DataType: "double"}, "`d`"},
		{schema.Column{Name: "g", DataType: "point"}, "`g`"},
	}
	for _, tt := range tests {
		if got := columnSelectExpr(tt.col); got != tt.want {
			t.Errorf("columnSelectExpr(%s) = %s, want %s", tt.col.Name, got, tt.want)
		}
	}
}
