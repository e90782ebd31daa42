package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"hash/crc64"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/parity-db/parity/schema"
)

// The hard-migration dataset: tables whose data a MariaDB -> MySQL (or
// MariaDB -> MariaDB) migration gets wrong in ways a verifier must still
// see: keys at the edges of their types, key collations that change, values
// larger than max_allowed_packet, character sets CONCAT cannot mix, ENUM
// error values, generated columns, keyless tables of floats and JSON,
// half-loaded targets. Each HardTable carries its source DDL (MariaDB, or
// MySQL for a MySQL -> MySQL copy), its target DDL for MySQL 9 and for a
// MariaDB copy, and deterministic rows: the same seed gives the same rows.

// HardClass names what a hard-migration table tests.
type HardClass string

// Classes of the hard-migration dataset.
const (
	ClassPushdown   HardClass = "pushdown"   // server-side checksums over huge values and mixed character sets
	ClassKeys       HardClass = "keys"       // key types at and beyond their edges
	ClassCollation  HardClass = "collation"  // key collations that differ between the sides
	ClassTables     HardClass = "tables"     // table selection: odd names, tables on one side only
	ClassFixSQL     HardClass = "fixsql"     // differences whose fix SQL is easy to get wrong
	ClassHalfLoaded HardClass = "halfloaded" // a target left half loaded or empty by a failed load
	ClassReadable   HardClass = "readable"   // long values whose difference must be shown where it is
	ClassRandom     HardClass = "random"     // RandomHardTable: random columns and keys
)

// ValueKind says how a column's values compare across servers, whose text
// forms of one value may differ.
type ValueKind int

// Kinds of values.
const (
	KindInteger  ValueKind = iota // integers of any width and sign, YEAR: decimal text
	KindDecimal                   // DECIMAL: equal by value, whatever the scale (1.23 = 1.2300)
	KindFloat                     // FLOAT: equal as the float32 stored
	KindDouble                    // DOUBLE: equal as float64
	KindText                      // character strings: equal as UTF-8 bytes
	KindBinary                    // BINARY, VARBINARY, BLOB: equal as bytes
	KindTemporal                  // DATE, DATETIME, TIMESTAMP (session time zone UTC), TIME: as printed
	KindJSON                      // JSON: equal by meaning (MySQL normalizes documents)
	KindBits                      // BIT: equal as unsigned numbers
)

func (k ValueKind) String() string {
	names := [...]string{"integer", "decimal", "float", "double", "text", "binary", "temporal", "json", "bits"}
	if int(k) < len(names) {
		return names[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// HardColumn is one column of a hard-migration table.
type HardColumn struct {
	Name string
	// Source is the definition on a source, MariaDB (or MySQL, for the
	// tables a MySQL -> MySQL copy uses):
	// "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL".
	Source string
	// MySQL is the definition on a MySQL target, as a migration's target
	// schema writes it; "" means Source.
	MySQL string
	// MariaDB is the definition on a MariaDB target copy; "" means Source.
	MariaDB string
	Kind    ValueKind
	// Generated columns are never inserted. MySQL refuses the values
	// mariadb-dump writes for them, so a MySQL target loads them as plain
	// columns of their type and AfterLoad makes them generated.
	Generated bool

	gen func(r *rand.Rand) any // random values: RandomHardTable's columns and planted rows
}

// Definition is the column's definition on a server of flavor, as the
// source (target false) or as the target of a copy.
func (c HardColumn) Definition(flavor schema.Flavor, target bool) string {
	switch {
	case !target:
	case flavor != schema.MariaDB && c.MySQL != "":
		return c.MySQL
	case flavor == schema.MariaDB && c.MariaDB != "":
		return c.MariaDB
	}
	return c.Source
}

// Random returns a fresh random value of the column's type, as Rows
// returns values; ok is false for a column without a generator (the fixed
// tables' columns). Key columns of RandomHardTable draw from a space large
// enough that a few retries find a value not taken yet.
func (c HardColumn) Random(r *rand.Rand) (v any, ok bool) {
	if c.gen == nil {
		return nil, false
	}
	return c.gen(r), true
}

// HardTable is one table of the hard-migration dataset.
type HardTable struct {
	Name    string
	Class   HardClass
	About   string // what goes wrong with it, in one line
	Columns []HardColumn
	Key     []string // PRIMARY KEY columns in order; nil for a keyless table
	// Relaxed marks a table whose rows only a relaxed sql_mode stores (the
	// ENUM error value ''): it is filled with sql_mode='', and so must be
	// any row planted in it.
	Relaxed bool
	// InsertIgnore marks a table whose target cannot hold every source row
	// (its key collation merges keys the source keeps apart): the copy must
	// skip the rows it refuses, as a DBA's INSERT IGNORE reload does.
	InsertIgnore bool
	// Lossy marks a table whose copy differs from the source by design
	// (merged keys, NULLs loaded into NOT NULL columns as '' and 0).
	Lossy bool

	rows func(seed int64) [][]any
}

// InsertColumns lists the columns rows give values for, in order: every
// column but the generated ones.
func (t HardTable) InsertColumns() []string {
	var names []string
	for _, c := range t.Columns {
		if !c.Generated {
			names = append(names, c.Name)
		}
	}
	return names
}

// Column returns the named column.
func (t HardTable) Column(name string) (HardColumn, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return HardColumn{}, false
}

// Rows returns the rows the table is filled with from seed, in insertion
// order, one value per InsertColumns entry. The Go types: int64 and uint64
// for integers (BIT too), string for DECIMAL, temporal values, text, ENUM,
// SET and JSON, float32 for FLOAT, float64 for DOUBLE, []byte for binary
// columns, nil for NULL. The same seed gives the same rows.
func (t HardTable) Rows(seed int64) [][]any {
	if t.rows == nil {
		return nil
	}
	return t.rows(seed)
}

// Table options: each server's usual utf8mb4 default, written out so the
// tables do not depend on server configuration.
func hardTableOptions(flavor schema.Flavor) string {
	collation, err := utf8mb4Collation(flavor)
	if err != nil {
		collation = "utf8mb4_general_ci"
	}
	return "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation
}

// CreateTable returns the CREATE TABLE of the table in database on a
// server of flavor, as the source (target false) or as a copy's target. A
// MySQL target holds its generated columns as plain NULL columns of their
// type until AfterLoad.
func (t HardTable) CreateTable(flavor schema.Flavor, target bool, database string) string {
	var parts []string
	for _, c := range t.Columns {
		def := c.Definition(flavor, target)
		if c.Generated && target && flavor != schema.MariaDB {
			def = generatedType(def) + " NULL"
		}
		parts = append(parts, schema.QuoteIdent(c.Name)+" "+def)
	}
	if len(t.Key) > 0 {
		parts = append(parts, "PRIMARY KEY ("+schema.QuoteIdents(t.Key)+")")
	}
	return "CREATE TABLE " + tableName(database, t.Name) + " (\n  " + strings.Join(parts, ",\n  ") + "\n) " + hardTableOptions(flavor)
}

// AfterLoad returns the DDL a target of flavor needs once the data is
// loaded: on MySQL the plain columns that stand in for generated ones
// become generated again, a STORED one in place (MODIFY), a VIRTUAL one
// dropped and added back in its place, which MySQL requires. Nil when
// there is nothing to do.
//
//	ALTER TABLE `d`.`t` MODIFY COLUMN `total` INT GENERATED ALWAYS AS (`a` + `b`) STORED
//	ALTER TABLE `d`.`t` DROP COLUMN `label`
//	ALTER TABLE `d`.`t` ADD COLUMN `label` VARCHAR(40) GENERATED ALWAYS AS (...) VIRTUAL AFTER `total`
func (t HardTable) AfterLoad(flavor schema.Flavor, database string) []string {
	if flavor == schema.MariaDB {
		return nil
	}
	table := "ALTER TABLE " + tableName(database, t.Name)
	var stmts []string
	prev := ""
	for _, c := range t.Columns {
		def := c.Definition(flavor, true)
		switch {
		case !c.Generated:
		case strings.Contains(strings.ToUpper(def), " STORED"):
			stmts = append(stmts, table+" MODIFY COLUMN "+schema.QuoteIdent(c.Name)+" "+def)
		default:
			place := " FIRST"
			if prev != "" {
				place = " AFTER " + schema.QuoteIdent(prev)
			}
			stmts = append(stmts, table+" DROP COLUMN "+schema.QuoteIdent(c.Name),
				table+" ADD COLUMN "+schema.QuoteIdent(c.Name)+" "+def+place)
		}
		prev = c.Name
	}
	return stmts
}

// generatedType is the type of a generated column's definition: "INT" of
// "INT GENERATED ALWAYS AS (`a` + `b`) STORED".
func generatedType(def string) string {
	upper := strings.ToUpper(def)
	for _, marker := range []string{" GENERATED ", " AS ("} {
		if i := strings.Index(upper, marker); i >= 0 {
			return strings.TrimSpace(def[:i])
		}
	}
	return def
}

// Hard tables are filled in batches of at most this many rows or about this
// many bytes of values; a single larger row goes alone.
const (
	hardBatchRows  = 500
	hardBatchBytes = 4 << 20
)

// CreateSource creates (dropping any old one) and fills database.name on a
// source server of flavor with Rows(seed). Values are bound to
// placeholders, on a session with time_zone '+00:00' and a strict sql_mode
// (an empty sql_mode for a Relaxed table), on a connection of its own. BIGINT
// UNSIGNED values at or above 2^63 travel as decimal text, which the
// driver's uint64 arguments cannot carry.
func (t HardTable) CreateSource(ctx context.Context, db *sql.DB, flavor schema.Flavor, database string, seed int64) error {
	mode := "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION"
	if t.Relaxed {
		mode = ""
	}
	c, release, err := session(ctx, db, "SET NAMES utf8mb4", "SET SESSION time_zone = '+00:00'",
		"SET SESSION sql_mode = '"+mode+"'")
	if err != nil {
		return fmt.Errorf("hard table %s.%s: %w", database, t.Name, err)
	}
	defer release()
	for _, q := range []string{"DROP TABLE IF EXISTS " + tableName(database, t.Name), t.CreateTable(flavor, false, database)} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("hard table %s.%s: %w", database, t.Name, err)
		}
	}
	cols := t.InsertColumns()
	exprs := make([]string, len(cols))
	for i := range exprs {
		exprs[i] = "?"
	}
	ins := newInserter(tableName(database, t.Name), cols, exprs, hardBatchRows, hardBatchBytes)
	for _, row := range t.Rows(seed) {
		if len(row) != len(cols) {
			return fmt.Errorf("hard table %s: a row has %d values for %d columns", t.Name, len(row), len(cols))
		}
		if ins.Add(HardArgs(row)) {
			if err := ins.Flush(ctx, c); err != nil {
				return fmt.Errorf("fill hard table %s.%s: %w", database, t.Name, err)
			}
		}
	}
	if err := ins.Flush(ctx, c); err != nil {
		return fmt.Errorf("fill hard table %s.%s: %w", database, t.Name, err)
	}
	return nil
}

// CreateTarget creates (dropping any old one) the empty target table of a
// copy in database on a server of flavor.
func (t HardTable) CreateTarget(ctx context.Context, db *sql.DB, flavor schema.Flavor, database string) error {
	for _, q := range []string{"DROP TABLE IF EXISTS " + tableName(database, t.Name), t.CreateTable(flavor, true, database)} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("hard target table %s.%s: %w", database, t.Name, err)
		}
	}
	return nil
}

// HardArgs converts a row of Rows into query arguments go-sql-driver
// accepts: a uint64 at or above 2^63 becomes its decimal text.
func HardArgs(row []any) []any {
	args := make([]any, len(row))
	for i, v := range row {
		if u, ok := v.(uint64); ok && u >= 1<<63 {
			v = strconv.FormatUint(u, 10)
		}
		args[i] = v
	}
	return args
}

// hardRand is the generator of row i of table name: every table draws
// from a stream of its own, so adding a table changes no other table's rows.
func hardRand(seed int64, name string, i int) *rand.Rand {
	return sampleRand(seed, streamHard^crc64.Checksum([]byte(name), crc64.MakeTable(crc64.ECMA)), i)
}
