package verify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

const allTypesRows = 400

// migratedAllTypes fills the every-type table on MariaDB and copies it to
// MySQL 9 the way a migration does: the target schema is MySQL's own, with
// latin1 and utf8mb3 columns converted to utf8mb4 and native JSON.
func migratedAllTypes(t *testing.T, prefix string) pair {
	t.Helper()
	p := migrationPair(t, prefix)
	ctx := context.Background()
	if err := datagen.AllTypes(ctx, p.src.DB, p.src.Server.Flavor, p.srcDB, "all_types", allTypesRows, 7); err != nil {
		t.Fatal(err)
	}
	if err := datagen.AllTypes(ctx, p.tgt.DB, p.tgt.Server.Flavor, p.tgtDB, "all_types", 0, 7); err != nil {
		t.Fatal(err)
	}
	testbed.Exec(t, p.tgt, "ALTER TABLE all_types "+
		"MODIFY c_varchar_latin1 VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci, "+
		"MODIFY c_varchar_utf8mb3 VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci")
	// A keyless log table with duplicate lines, and zero dates.
	testbed.Exec(t, p.src,
		"CREATE TABLE log (at DATETIME(3), level VARCHAR(8) CHARACTER SET latin1, msg TEXT)",
		"INSERT INTO log VALUES ('2024-01-01 10:00:00.001', 'info', 'start'), ('2024-01-01 10:00:00.001', 'info', 'start'), "+
			"('2024-01-01 10:00:01', 'warn', NULL), ('2024-01-01 10:00:02', 'info', ''), ('2024-01-01 10:00:03', 'info', 'NULL')",
		"SET SESSION sql_mode = ''",
		"CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, dt DATETIME(6) NOT NULL, ts TIMESTAMP NULL)",
		"INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00', NULL), (2, '2024-00-15', '2024-05-00 10:00:00.5', '2024-01-01 00:00:00'), "+
			"(3, NULL, '2024-01-01 00:00:00', '0000-00-00 00:00:00'), (4, '2024-01-01', '2024-01-01 00:00:00', NULL)")
	testbed.Exec(t, p.tgt,
		"CREATE TABLE log (at DATETIME(3), level VARCHAR(8) CHARACTER SET utf8mb4, msg TEXT)",
		"CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, dt DATETIME(6) NOT NULL, ts TIMESTAMP NULL)")
	dumpLoad(t, p, "all_types", "log", "zero_dates")
	return p
}

// Data copied MariaDB -> MySQL 9 by dump and load verifies equal: no false
// difference for any column type, charset conversion, JSON form or zero
// date, in every mode.
func TestVerifyMigrationEqual(t *testing.T) {
	p := migratedAllTypes(t, "migrated")
	for _, mode := range []Mode{Stream, Auto, Pushdown} {
		res := run(t, p, Options{Mode: mode, ChunkRows: 50, Workers: 3})
		if !res.Equal() {
			t.Errorf("mode %s: status %s, %d differing rows: %+v", mode, res.Status, res.RowDiffs, diffsOf(res))
			for _, f := range res.Schema {
				if f.Severity == Difference {
					t.Errorf("  schema: %s", f.Message)
				}
			}
		}
		at := tableResult(t, res, "all_types")
		if at.SourceRows != allTypesRows || at.TargetRows != allTypesRows || at.Chunks < 4 {
			t.Errorf("mode %s: all_types rows %d/%d in %d chunks, want %d in several", mode, at.SourceRows, at.TargetRows, at.Chunks, allTypesRows)
		}
		if at.Mode != string(Stream) {
			t.Errorf("mode %s: MariaDB -> MySQL compared by %s, want stream", mode, at.Mode)
		}
		if z := tableResult(t, res, "zero_dates"); z.ZeroDates != 2*5 {
			t.Errorf("mode %s: %d zero dates compared, want 10", mode, z.ZeroDates)
		}
		if l := tableResult(t, res, "log"); !l.Keyless || l.SourceRows != 5 {
			t.Errorf("mode %s: log keyless=%v rows %d", mode, l.Keyless, l.SourceRows)
		}
	}
}

type plant struct {
	sql    string // on the target
	kind   string
	key    string // id, "" for keyless
	column string // changed column
}

// Every kind of planted difference is reported exactly, no more and no
// fewer; the fix SQL applied to the target makes it equal.
func TestVerifyPlantedDifferences(t *testing.T) {
	p := migratedAllTypes(t, "planted")
	// One changed value per column type, each in its own row.
	changes := map[string]string{
		"c_tinyint": "-7", "c_tinyint_u": "7", "c_smallint": "-7", "c_smallint_u": "7", "c_mediumint": "-7",
		"c_mediumint_u": "7", "c_int": "-7", "c_int_u": "7", "c_bigint": "-7", "c_bigint_u": "7",
		"c_decimal_5_2": "1.07", "c_decimal_18_6": "-1.000007", "c_decimal_38_10": "7.0000000007", "c_decimal_65_30": "0.000000000000000000000000000007",
		"c_float": "7.25", "c_double": "-7.125", "c_bit_1": "b'0'", "c_bit_17": "b'111'", "c_bit_64": "7",
		"c_date": "'1977-07-07'", "c_datetime": "'1977-07-07 07:07:07'", "c_datetime_3": "'1977-07-07 07:07:07.007'", "c_datetime_6": "'1977-07-07 07:07:07.000007'",
		"c_timestamp_6": "'1977-07-07 07:07:07.000007'", "c_time": "'-07:07:07'", "c_time_6": "'777:07:07.000007'",
		"c_year": "1977", "c_char_10": "'seven'", "c_varchar_255": "'seven'", "c_varchar_latin1": "'sëven'",
		"c_varchar_utf8mb3": "'sevën'", "c_tinytext": "'seven'", "c_text": "'seven'", "c_mediumtext": "'seven'",
		"c_longtext": "'seven'", "c_binary_16": "X'07'", "c_varbinary_255": "X'0707'", "c_tinyblob": "X'07'",
		"c_blob": "X'070707'", "c_mediumblob": "X'07'", "c_longblob": "X'07'", "c_enum": "'medium'", "c_set": "'c'",
		"c_json": `'{"seven": 7}'`, "c_geometry": "ST_GeomFromText('POINT(7 7)', 0)", "select": "-7", "we`ird col": "'seven'",
	}
	var plants []plant
	id := 10
	cols := datagen.AllTypesColumns()[1:]
	for _, c := range cols {
		v, ok := changes[c]
		if !ok {
			t.Fatalf("no planted change for column %s", c)
		}
		id++
		// NULL when the row already holds the planted value: a change either way.
		q := schema.QuoteIdent(c)
		plants = append(plants, plant{fmt.Sprintf("UPDATE all_types SET %s = IF(%s <=> %s, NULL, %s) WHERE id = %d", q, q, v, v, id), Changed, fmt.Sprint(id), c})
	}
	// Subtle ones, on rows whose source values are known.
	var null, text, micro, blob int
	row := func(q string) int {
		var n int
		if err := p.src.DB.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	null = row("SELECT MIN(id) FROM all_types WHERE c_varchar_255 IS NULL AND id > 100")
	text = row("SELECT MIN(id) FROM all_types WHERE c_text IS NOT NULL AND c_text <> '' AND id > 100 AND id <> " + fmt.Sprint(null))
	micro = row("SELECT MIN(id) FROM all_types WHERE c_datetime_6 IS NOT NULL AND c_datetime_6 < '9999-01-01' AND id > 150")
	blob = row("SELECT MIN(id) FROM all_types WHERE LENGTH(c_blob) > 2 AND id > 200")
	plants = append(plants,
		plant{fmt.Sprintf("UPDATE all_types SET c_varchar_255 = '' WHERE id = %d", null), Changed, fmt.Sprint(null), "c_varchar_255"},
		plant{fmt.Sprintf("UPDATE all_types SET c_text = CONCAT(c_text, ' ') WHERE id = %d", text), Changed, fmt.Sprint(text), "c_text"},
		plant{fmt.Sprintf("UPDATE all_types SET c_datetime_6 = c_datetime_6 + INTERVAL 1 MICROSECOND WHERE id = %d", micro), Changed, fmt.Sprint(micro), "c_datetime_6"},
		plant{fmt.Sprintf("UPDATE all_types SET c_blob = CONCAT(LEFT(c_blob, 1), CHAR(ASCII(SUBSTRING(c_blob, 2, 1)) ^ 1), SUBSTRING(c_blob, 3)) WHERE id = %d", blob), Changed, fmt.Sprint(blob), "c_blob"},
		plant{"DELETE FROM all_types WHERE id = 333", Missing, "333", ""},
		plant{"INSERT INTO all_types (id, c_int) VALUES (100000, 1)", Extra, "100000", ""},
		plant{"INSERT INTO log VALUES ('2024-01-01 10:00:00.001', 'info', 'start')", Extra, "", ""},
		plant{"DELETE FROM log WHERE msg = 'NULL'", Missing, "", ""},
		plant{"UPDATE zero_dates SET d = '2024-01-01' WHERE id = 1", Changed, "1", "d"},
	)
	for _, pl := range plants {
		testbed.Exec(t, p.tgt, "SET SESSION sql_mode = ''", "SET time_zone = '+00:00'", pl.sql)
	}

	fixPath := filepath.Join(t.TempDir(), "fix.sql")
	fix, err := CreateFixSQL(fixPath, FixHeader{Source: "old", Target: "new", Generated: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, p, Options{Mode: Auto, ChunkRows: 40, Workers: 3, Fix: fix})
	if err := fix.Close(); err != nil {
		t.Fatal(err)
	}
	got := diffsOf(res)
	var want []string
	for _, pl := range plants {
		want = append(want, diffString(tableOf(pl), pl.kind, pl.key, pl.column))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("differences:\n got %d: %s\nwant %d: %s", len(got), strings.Join(got, "\n      "), len(want), strings.Join(want, "\n      "))
	}
	if res.Equal() || res.RowDiffs != int64(len(plants)) {
		t.Errorf("status %s with %d differing rows, want different with %d", res.Status, res.RowDiffs, len(plants))
	}

	// --max-diffs bounds the listing, never the counts.
	capped := run(t, p, Options{Mode: Stream, ChunkRows: 40, MaxDiffs: 5})
	var omitted int64
	for _, tr := range capped.Tables {
		omitted += tr.DiffsOmitted
	}
	if capped.RowDiffs != int64(len(plants)) || capped.Kept != 5 || omitted != int64(len(plants))-5 {
		t.Errorf("--max-diffs 5: %d differences, %d listed, %d omitted; want %d, 5, %d", capped.RowDiffs, capped.Kept, omitted, len(plants), len(plants)-5)
	}

	b, err := os.ReadFile(fixPath)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := ApplyFix(context.Background(), p.tgt, fixPath); err != nil || a.Committed != len(plants) || !a.Complete {
		t.Fatalf("apply fix: %+v, %v; want %d statements committed\n%s", a, err, len(plants), b)
	}
	if again := run(t, p, Options{Mode: Auto, ChunkRows: 40}); !again.Equal() {
		t.Errorf("after the fix: status %s, differences %s\nfix SQL:\n%s", again.Status, diffsOf(again), b)
	}
}

func tableOf(pl plant) string {
	switch {
	case strings.Contains(pl.sql, " log "), strings.HasSuffix(pl.sql, "log"), strings.Contains(pl.sql, "INTO log"), strings.Contains(pl.sql, "FROM log"):
		return "log"
	case strings.Contains(pl.sql, "zero_dates"):
		return "zero_dates"
	}
	return "all_types"
}

func diffString(table, kind, key, column string) string {
	return fmt.Sprintf("%s %s %s %s", table, kind, key, column)
}

// diffsOf lists a result's differences as "table kind key column" lines.
func diffsOf(r *Result) []string {
	var out []string
	for _, tr := range r.Tables {
		name := tr.Table[strings.LastIndexByte(tr.Table, '.')+1:]
		for _, d := range tr.Diffs {
			var cols []string
			for _, c := range d.Columns {
				cols = append(cols, c.Column)
			}
			key := d.Key["id"]
			for n := int64(0); n < max(d.Count, 1); n++ {
				out = append(out, diffString(name, d.Kind, key, strings.Join(cols, ",")))
			}
		}
	}
	slices.Sort(out)
	return out
}
