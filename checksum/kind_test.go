package checksum

import (
	"context"
	"testing"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestFamiliesFitExtractedTypes reads the all-types table's columns as each
// real server reports them and checks that the family checksum compares a
// column by accepts the Arrow type extract gives it: both read the type
// through schema.Kind, and this holds them to it.
func TestFamiliesFitExtractedTypes(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "kinds")
		p := s.Open(t, db, 1)
		if err := datagen.AllTypes(ctx, p.DB, p.Server.Flavor, db, "all_types", 0, 1); err != nil {
			t.Fatal(err)
		}
		tables, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{db + ".all_types"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 1 || len(tables[0].Columns) != len(datagen.AllTypesColumns()) {
			t.Fatalf("inspected %d tables, want the all-types table with %d columns", len(tables), len(datagen.AllTypesColumns()))
		}
		for _, c := range tables[0].Columns {
			f, err := extract.Field(c)
			if err != nil {
				t.Errorf("%s %s: extract.Field: %v", c.Name, c.ColumnType, err)
				continue
			}
			if fam := familyOf(c); !typeFits(fam, f.Type) {
				t.Errorf("%s %s (DATA_TYPE %s, kind %s): checksum family %d does not accept extract's %s",
					c.Name, c.ColumnType, c.DataType, c.Kind(), fam, f.Type)
			}
		}
	})
}

// TestFamiliesFitExtractedTypesByName is the same check without servers,
// over every DATA_TYPE either server reports and a type neither knows.
func TestFamiliesFitExtractedTypesByName(t *testing.T) {
	for _, c := range []schema.Column{
		{DataType: "tinyint"}, {DataType: "smallint", Unsigned: true}, {DataType: "mediumint"}, {DataType: "int"},
		{DataType: "bigint", Unsigned: true}, {DataType: "decimal", Precision: 10, Scale: 2},
		{DataType: "decimal", Precision: 65, Scale: 30}, {DataType: "float"}, {DataType: "double"},
		{DataType: "bit", Precision: 17}, {DataType: "date"}, {DataType: "datetime", FSP: 6},
		{DataType: "timestamp"}, {DataType: "time", FSP: 3}, {DataType: "year"},
		{DataType: "char", Charset: "latin1"}, {DataType: "varchar", Charset: "utf8mb4"},
		{DataType: "tinytext", Charset: "utf8mb3"}, {DataType: "text", Charset: "utf8mb4"},
		{DataType: "mediumtext", Charset: "utf8mb4"}, {DataType: "longtext", Charset: "utf8mb4"},
		{DataType: "varchar", Charset: "binary"}, {DataType: "enum", Charset: "utf8mb4"},
		{DataType: "set", Charset: "utf8mb4"}, {DataType: "json"}, {DataType: "json", Charset: "utf8mb4"},
		{DataType: "binary"}, {DataType: "varbinary"}, {DataType: "tinyblob"}, {DataType: "blob"},
		{DataType: "mediumblob"}, {DataType: "longblob"}, {DataType: "geometry"}, {DataType: "point"},
		{DataType: "linestring"}, {DataType: "polygon"}, {DataType: "multipoint"}, {DataType: "multilinestring"},
		{DataType: "multipolygon"}, {DataType: "geomcollection"}, {DataType: "geometrycollection"},
		{DataType: "uuid"}, {DataType: "inet4"}, {DataType: "inet6"}, {DataType: "vector"},
		{DataType: "future", Charset: "utf8mb4"},
	} {
		c.Name = c.DataType
		f, err := extract.Field(c)
		if err != nil {
			t.Errorf("%s: extract.Field: %v", c.DataType, err)
			continue
		}
		if fam := familyOf(c); !typeFits(fam, f.Type) {
			t.Errorf("%s charset %q (kind %s): checksum family %d does not accept extract's %s", c.DataType, c.Charset, c.Kind(), fam, f.Type)
		}
	}
}
