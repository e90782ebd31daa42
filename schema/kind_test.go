package schema_test

import (
	"testing"

	"github.com/parity-db/parity/schema"
)

// TestKindOf covers every DATA_TYPE the servers report (MariaDB 10.11 and
// MySQL 9.x), the aliases, and the character set rules.
func TestKindOf(t *testing.T) {
	tests := []struct {
		dataType, charset string
		want              schema.Kind
	}{
		{"tinyint", "", schema.Integer},
		{"smallint", "", schema.Integer},
		{"mediumint", "", schema.Integer},
		{"int", "", schema.Integer},
		{"integer", "", schema.Integer},
		{"bigint", "", schema.Integer},
		{"decimal", "", schema.Decimal},
		{"numeric", "", schema.Decimal},
		{"float", "", schema.Float},
		{"double", "", schema.Double},
		{"real", "", schema.Double},
		{"bit", "", schema.Bit},
		{"date", "", schema.Date},
		{"datetime", "", schema.Datetime},
		{"timestamp", "", schema.Timestamp},
		{"time", "", schema.Time},
		{"year", "", schema.Year},
		{"char", "utf8mb4", schema.Text},
		{"varchar", "latin1", schema.Text},
		{"tinytext", "utf8mb3", schema.Text},
		{"text", "utf8mb4", schema.Text},
		{"mediumtext", "utf8mb4", schema.Text},
		{"longtext", "utf8mb4", schema.Text},
		{"varchar", "binary", schema.Binary},
		{"uuid", "", schema.Text}, // MariaDB names no charset, yet sends text
		{"inet4", "", schema.Text},
		{"inet6", "", schema.Text},
		{"uuid", "binary", schema.Binary},
		{"enum", "utf8mb4", schema.Enum},
		{"set", "utf8mb4", schema.Set},
		{"json", "", schema.JSON},        // MySQL
		{"json", "utf8mb4", schema.JSON}, // MariaDB's LONGTEXT alias
		{"binary", "", schema.Binary},
		{"varbinary", "", schema.Binary},
		{"tinyblob", "", schema.Binary},
		{"blob", "", schema.Binary},
		{"mediumblob", "", schema.Binary},
		{"longblob", "", schema.Binary},
		{"geometry", "", schema.Geometry},
		{"point", "", schema.Geometry},
		{"linestring", "", schema.Geometry},
		{"polygon", "", schema.Geometry},
		{"multipoint", "", schema.Geometry},
		{"multilinestring", "", schema.Geometry},
		{"multipolygon", "", schema.Geometry},
		{"geometrycollection", "", schema.Geometry},
		{"geomcollection", "", schema.Geometry},
		{"vector", "", schema.Binary},       // MySQL 9: raw bytes
		{"future", "utf8mb4", schema.Text},  // unknown, with a text charset
		{"future", "binary", schema.Binary}, // unknown, in charset binary
	}
	for _, tc := range tests {
		if got := schema.KindOf(tc.dataType, tc.charset); got != tc.want {
			t.Errorf("KindOf(%q, %q) = %s, want %s", tc.dataType, tc.charset, got, tc.want)
		}
		c := schema.Column{DataType: tc.dataType, Charset: tc.charset}
		if got := c.Kind(); got != tc.want {
			t.Errorf("Column{%q, %q}.Kind() = %s, want %s", tc.dataType, tc.charset, got, tc.want)
		}
	}
}

func TestIntegerBytes(t *testing.T) {
	tests := []struct {
		dataType string
		want     int
	}{
		{"tinyint", 1}, {"smallint", 2}, {"mediumint", 3}, {"int", 4}, {"integer", 4}, {"bigint", 8},
		{"decimal", 0}, {"year", 0}, {"bit", 0},
	}
	for _, tc := range tests {
		if got := schema.IntegerBytes(tc.dataType); got != tc.want {
			t.Errorf("IntegerBytes(%q) = %d, want %d", tc.dataType, got, tc.want)
		}
		if k := schema.KindOf(tc.dataType, ""); (k == schema.Integer) != (tc.want > 0) {
			t.Errorf("%s is %s but IntegerBytes is %d", tc.dataType, k, tc.want)
		}
	}
}
