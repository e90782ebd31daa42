package sink

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

// LoadScriptName is the script a CSV run in the mysql dialect writes
// beside its files: one LOAD DATA LOCAL INFILE statement per file.
const LoadScriptName = "load.sql"

// loadScript is the load script for the committed tables, in schema and
// table order, each table's parts in order. Run from the files'
// directory: mysql --local-infile=1 ... < load.sql. A sample statement:
//
//	LOAD DATA LOCAL INFILE 'shop.t.csv' INTO TABLE `shop`.`t`
//	  CHARACTER SET utf8mb4
//	  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY '\\'
//	  LINES TERMINATED BY '\n'
//	  (`id`, @c2, @c3, @c4)
//	  SET `flags` = CAST(@c2 AS UNSIGNED), `photo` = UNHEX(@c3), `place` = ST_GeomFromWKB(UNHEX(@c4));
func loadScript(tables []loadTable, compression string) []byte {
	slices.SortFunc(tables, func(a, b loadTable) int {
		return cmp.Or(cmp.Compare(a.table.Schema, b.table.Schema), cmp.Compare(a.table.Name, b.table.Name))
	})
	var b strings.Builder
	b.WriteString("-- parity load script: loads this directory's CSV files (dialect mysql) with LOAD DATA.\n")
	b.WriteString("-- Run it from this directory, against the target, with the tables created and empty:\n")
	b.WriteString("--   mysql --local-infile=1 -h HOST -P PORT -u USER -p < " + LoadScriptName + "\n")
	b.WriteString("-- (LOAD DATA LOCAL needs local_infile=ON on the server and --local-infile=1 on the client.)\n")
	if name, _ := parseCodec(compression); name != "none" && name != "" {
		b.WriteString(fmt.Sprintf("-- The files are %s-compressed and LOAD DATA reads plain files: decompress them first\n", name))
		b.WriteString("-- (" + map[string]string{"gzip": "gunzip -k *.csv.gz", "zstd": "zstd -d *.csv.zst"}[name] + "); the statements name the plain files.\n")
	}
	b.WriteString("-- TIMESTAMP values are in UTC, so the session time zone is UTC. Foreign keys are not\n")
	b.WriteString("-- checked while loading, since tables load in name order.\n")
	b.WriteString("SET NAMES utf8mb4;\nSET time_zone = '+00:00';\nSET foreign_key_checks = 0;\n")
	for _, t := range tables {
		cols, set := loadColumns(t.sc)
		for _, f := range t.files {
			if name, _ := parseCodec(compression); name != "none" && name != "" {
				f = strings.TrimSuffix(strings.TrimSuffix(f, ".gz"), ".zst")
			}
			fmt.Fprintf(&b, "\nLOAD DATA LOCAL INFILE %s INTO TABLE %s.%s\n", sqlString(f),
				schema.QuoteIdent(t.table.Schema), schema.QuoteIdent(t.table.Name))
			b.WriteString("  CHARACTER SET utf8mb4\n")
			b.WriteString("  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '\\\\'\n")
			b.WriteString("  LINES TERMINATED BY '\\n'\n")
			b.WriteString("  (" + strings.Join(cols, ", ") + ")")
			if len(set) > 0 {
				b.WriteString("\n  SET " + strings.Join(set, ", "))
			}
			b.WriteString(";\n")
		}
	}
	b.WriteString("\nSET foreign_key_checks = 1;\n")
	return []byte(b.String())
}

// loadColumns is the column list of a LOAD DATA statement and its SET
// clauses: a column whose text LOAD DATA cannot store as it is goes
// through a user variable. BIT takes a number only through CAST (the text
// "5" would be stored as the bytes of '5'), and so does YEAR (MariaDB
// stores the text '0000' as 2000, the number 0 as 0000); binary values
// are hex, and a geometry is hex WKB without the SRID (0).
func loadColumns(sc *arrow.Schema) (cols, set []string) {
	for i, f := range sc.Fields() {
		mysqlType, _ := f.Metadata.GetValue("mysql.type")
		base, _, _ := strings.Cut(mysqlType, "(")
		v := fmt.Sprintf("@c%d", i+1)
		q := schema.QuoteIdent(f.Name)
		var expr string
		switch {
		case base == "bit", base == "year":
			expr = "CAST(" + v + " AS UNSIGNED)"
		case geometryTypes[base]:
			expr = "ST_GeomFromWKB(UNHEX(" + v + "))"
		case isBinary(f.Type):
			expr = "UNHEX(" + v + ")"
		default:
			cols = append(cols, q)
			continue
		}
		cols = append(cols, v)
		set = append(set, q+" = "+expr)
	}
	return cols, set
}

var geometryTypes = map[string]bool{
	"geometry": true, "point": true, "linestring": true, "polygon": true, "multipoint": true,
	"multilinestring": true, "multipolygon": true, "geometrycollection": true, "geomcollection": true,
}

func isBinary(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.BINARY, arrow.LARGE_BINARY, arrow.FIXED_SIZE_BINARY:
		return true
	}
	return false
}

// sqlString quotes s as a MySQL string literal.
func sqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
