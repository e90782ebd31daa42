package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/parity-db/parity/schema"
)

// AllTypesColumns lists the AllTypes table's column names in order, "id"
// first: the order of the values in each AllTypesRows row.
func AllTypesColumns() []string {
	names := []string{"id"}
	for _, c := range allTypesColumns {
		names = append(names, c.name)
	}
	return names
}

// allTypesCreate returns the CREATE TABLE for AllTypes. The flavor decides
// the table collation: each server's own default for utf8mb4, written out so
// the table does not depend on server configuration.
func allTypesCreate(flavor schema.Flavor, database, name string) (string, error) {
	collation, err := utf8mb4Collation(flavor)
	if err != nil {
		return "", fmt.Errorf("all-types table: %w", err)
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE " + tableName(database, name) + " (\n  `id` BIGINT NOT NULL")
	for _, c := range allTypesColumns {
		b.WriteString(",\n  " + schema.QuoteIdent(c.name) + " " + c.ddl)
	}
	b.WriteString(",\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation)
	return b.String(), nil
}

// allTypesRow builds row id of the AllTypes table from seed.
func allTypesRow(id, seed int64) []cell {
	var p rand.PCG
	seedRow(&p, seed, streamAllTypes, uint64(id))
	r := rand.New(&p)
	k := rowKind(id)
	row := make([]cell, 0, len(allTypesColumns)+1)
	row = append(row, same(id))
	for _, c := range allTypesColumns {
		// Draw the NULL decision for every column and row so that a column's
		// values do not shift when another column changes.
		null := r.IntN(8) == 0
		if k == kindNull || k == kindRandom && null {
			row = append(row, cell{})
			continue
		}
		row = append(row, c.gen(r, k))
	}
	return row
}

// AllTypesRows returns the rows AllTypes(rows, seed) inserts, in id order,
// each with the id first and then one value per column in AllTypesColumns
// order. A NULL is nil. The Go type of the other values, per column:
//
//	id, c_tinyint .. c_bigint, select  int64
//	c_tinyint_u .. c_bigint_u          uint64
//	c_decimal_*                        string, as the server prints it: "-999.99", "0.000000"
//	c_float                            float32 (the server prints 6 significant digits: "-3.4e38")
//	c_double                           float64
//	c_bit_1, c_bit_17, c_bit_64        uint64 (the column's value as an unsigned number)
//	c_date                             string "2006-01-02"
//	c_datetime, c_datetime_3, _6       string "2006-01-02 15:04:05[.000[000]]", the column's fsp digits
//	c_timestamp_6                      string, UTC (session time_zone '+00:00'), same layout
//	c_time, c_time_6                   string "-838:59:59", "12:34:56.789012"
//	c_year                             int64 (0 is the year 0000)
//	c_char_10, c_varchar_*, c_*text,
//	we`ird col                         string (UTF-8; latin1 and utf8mb3 columns hold only characters of their set)
//	c_binary_16, c_varbinary_255,
//	c_tinyblob .. c_longblob           []byte (BINARY values are always the full 16 bytes)
//	c_enum, c_set                      string ("a,c": SET members in definition order; "" is the empty set)
//	c_json                             string: the text AllTypes wrote. MariaDB returns it as is; MySQL
//	                                   returns an equivalent normalized document (sorted keys, "-0" as 0,
//	                                   "1e3" as 1000.0), so compare MySQL's JSON by meaning, not bytes.
//	c_geometry                         []byte: plain little-endian WKB, as ST_AsBinary returns it. A plain
//	                                   SELECT returns the server's internal form: a 4-byte little-endian
//	                                   SRID (0) followed by this WKB.
//
// Rows 1 to 5 are edge rows: type minima, maxima (BIGINT UNSIGNED
// 18446744073709551615, DECIMAL(65,30) all nines, TIME 838:59:59, TIMESTAMP
// 2038-01-18 23:59:59.999999, the longest text in 2-4 byte characters; for
// MEDIUM and LONG TEXT and BLOB "longest" is 100,000 and 200,000 bytes), all
// NULL, zero and empty values, and values with quotes, backslashes, NUL
// bytes and the smallest fractions. Later rows are random, one value in
// eight NULL. Row i depends only on (i, seed), so AllTypesRows(n, seed) is a
// prefix of AllTypesRows(n+1, seed).
func AllTypesRows(rows int, seed int64) [][]any {
	out := make([][]any, 0, max(rows, 0))
	for id := int64(1); id <= int64(rows); id++ {
		cells := allTypesRow(id, seed)
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c.want
		}
		out = append(out, row)
	}
	return out
}

// AllTypes batch limits: each INSERT carries at most this many rows or about
// this many bytes of values, whichever comes first.
const (
	allTypesBatchRows  = 500
	allTypesBatchBytes = 4 << 20
)

// AllTypes creates (dropping any old one) and fills database.name with one
// column for every MySQL type parity maps and rows rows from seed: exactly
// AllTypesRows(rows, seed). The flavor decides DDL details. Values are bound
// to placeholders in multi-row INSERTs, one transaction per batch, on a
// session with time_zone '+00:00' and a strict sql_mode, so a value the
// server would change fails instead.
func AllTypes(ctx context.Context, db *sql.DB, flavor schema.Flavor, database, name string, rows int, seed int64) error {
	create, err := allTypesCreate(flavor, database, name)
	if err != nil {
		return err
	}
	c, release, err := session(ctx, db,
		"SET NAMES utf8mb4",
		"SET SESSION time_zone = '+00:00'",
		"SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
	if err != nil {
		return fmt.Errorf("all-types table %s.%s: %w", database, name, err)
	}
	defer release()
	for _, q := range []string{"DROP TABLE IF EXISTS " + tableName(database, name), create} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("all-types table %s.%s: %w", database, name, err)
		}
	}
	ins := newInserter(tableName(database, name), AllTypesColumns(), allTypesExprs(), allTypesBatchRows, allTypesBatchBytes)
	for id := int64(1); id <= int64(rows); id++ {
		cells := allTypesRow(id, seed)
		args := make([]any, len(cells))
		for i, c := range cells {
			args[i] = c.arg
		}
		if ins.Add(args) {
			if err := ins.Flush(ctx, c); err != nil {
				return fmt.Errorf("fill all-types table %s.%s: %w", database, name, err)
			}
		}
	}
	if err := ins.Flush(ctx, c); err != nil {
		return fmt.Errorf("fill all-types table %s.%s: %w", database, name, err)
	}
	return nil
}

func allTypesExprs() []string {
	exprs := []string{"?"}
	for _, c := range allTypesColumns {
		e := c.expr
		if e == "" {
			e = "?"
		}
		exprs = append(exprs, e)
	}
	return exprs
}
