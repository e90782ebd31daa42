package datagen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// hardTablesForTest are the fixed tables and a spread of random ones.
func hardTablesForTest() []HardTable {
	tables := HardTables()
	for seed := int64(1); seed <= 40; seed++ {
		tables = append(tables, RandomHardTable(seed))
	}
	return tables
}

func TestHardTablesShape(t *testing.T) {
	names := map[string]bool{}
	for _, ht := range hardTablesForTest() {
		t.Run(ht.Name, func(t *testing.T) {
			if names[ht.Name] {
				t.Fatalf("table %s defined twice", ht.Name)
			}
			names[ht.Name] = true
			if ht.Class == "" || ht.About == "" || len(ht.Columns) == 0 {
				t.Errorf("class %q, about %q, %d columns", ht.Class, ht.About, len(ht.Columns))
			}
			for _, k := range ht.Key {
				if c, ok := ht.Column(k); !ok || c.Generated || !strings.Contains(c.Source, "NOT NULL") {
					t.Errorf("key column %s: missing, generated or nullable", k)
				}
			}
			rows := ht.Rows(7)
			if len(rows) == 0 {
				t.Fatal("no rows")
			}
			keys := map[string]bool{}
			for i, row := range rows {
				if len(row) != len(ht.InsertColumns()) {
					t.Fatalf("row %d has %d values for %d columns", i, len(row), len(ht.InsertColumns()))
				}
				if len(ht.Key) == 0 {
					continue
				}
				k := ht.KeyText(row)
				if keys[k] {
					t.Errorf("key %s twice", k)
				}
				keys[k] = true
			}
		})
	}
}

func TestHardRowsDeterministic(t *testing.T) {
	for _, ht := range hardTablesForTest() {
		if ht.Class == ClassHalfLoaded || ht.Name == "push_blob" || ht.Name == "read_long" || ht.Name == "fix_big" {
			continue // large; covered by the suite's copies
		}
		a, b := ht.Rows(3), ht.Rows(3)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two calls with one seed differ", ht.Name)
		}
	}
	if reflect.DeepEqual(RandomHardTable(1).Rows(3), RandomHardTable(1).Rows(4)) {
		t.Error("rnd_1: seeds 3 and 4 give the same rows")
	}
	if RandomHardTable(1).Rows(3) == nil || reflect.DeepEqual(RandomHardTable(1).Columns, RandomHardTable(2).Columns) {
		t.Error("random tables 1 and 2 have the same columns")
	}
}

func TestHardBigValues(t *testing.T) {
	blob, _ := HardTableNamed("push_blob")
	row := blob.Rows(1)[PushBlobBigID-1]
	if b := row[2].([]byte); len(b) != BigValueBytes {
		t.Errorf("push_blob row %d holds %d bytes, want %d", PushBlobBigID, len(b), BigValueBytes)
	}
	big, _ := HardTableNamed("fix_big")
	rows := big.Rows(1)
	if b := rows[FixBigBlobID-1][1].([]byte); len(b) <= 16<<20 {
		t.Errorf("fix_big blob %d bytes: not past 16 MiB", len(b))
	}
	if s := rows[FixBigTextID-1][2].(string); len(s) <= 16<<20 || strings.ContainsRune(s, '~') {
		t.Errorf("fix_big text %d bytes (past 16 MiB?), holds '~': %v", len(s), strings.ContainsRune(s, '~'))
	}
}

func TestHardCreateTable(t *testing.T) {
	gen, _ := HardTableNamed("fix_generated")
	tests := []struct {
		name   string
		got    string
		want   []string
		absent []string
	}{
		{"generated on a MariaDB source", gen.CreateTable(schema.MariaDB, false, "d"),
			[]string{"`total` INT GENERATED ALWAYS AS (`a` + `b`) STORED", "utf8mb4_general_ci"}, nil},
		{"generated on a MariaDB target", gen.CreateTable(schema.MariaDB, true, "d"), []string{"`label` VARCHAR(40) GENERATED"}, nil},
		{"generated on a MySQL target", gen.CreateTable(schema.MySQL, true, "d"),
			[]string{"utf8mb4_0900_ai_ci", "`total` INT NULL", "`label` VARCHAR(40) NULL"}, []string{"GENERATED"}},
		{"generated on a MySQL source", gen.CreateTable(schema.MySQL, false, "d"), []string{"`total`", "`label`"}, nil},
		{"NOT NULL on a MySQL target only", mustHard(t, "fix_notnull").CreateTable(schema.MySQL, false, "d"), []string{"`c` VARCHAR(20) NULL"}, nil},
		{"after load on MySQL", strings.Join(gen.AfterLoad(schema.MySQL, "d"), ";\n"),
			[]string{"ALTER TABLE `d`.`fix_generated` MODIFY COLUMN `total` INT GENERATED ALWAYS AS (`a` + `b`) STORED;\n",
				"ALTER TABLE `d`.`fix_generated` DROP COLUMN `label`;\n",
				"ALTER TABLE `d`.`fix_generated` ADD COLUMN `label` VARCHAR(40) GENERATED ALWAYS AS (CONCAT('item-', `a`)) VIRTUAL AFTER `total`"}, nil},
		{"after load on MariaDB", strings.Join(gen.AfterLoad(schema.MariaDB, "d"), ";"), nil, []string{"ALTER"}},
		{"odd name", mustHard(t, "a/b.c").CreateTable(schema.MySQL, true, "d"), []string{"CREATE TABLE `d`.`a/b.c`"}, nil},
		{"widened key", mustHard(t, "key_decimal").CreateTable(schema.MySQL, true, "d"), []string{"`k` DECIMAL(12,4) NOT NULL", "PRIMARY KEY (`k`)"}, nil},
		{"source key", mustHard(t, "key_decimal").CreateTable(schema.MariaDB, false, "d"), []string{"`k` DECIMAL(10,2) NOT NULL"}, nil},
		{"MariaDB target collation", mustHard(t, "coll_0900bin").CreateTable(schema.MariaDB, true, "d"), []string{"COLLATE utf8mb4_nopad_bin"}, nil},
		{"keyless", mustHard(t, "fix_keyless").CreateTable(schema.MySQL, true, "d"), nil, []string{"PRIMARY KEY"}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(tt.got, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.name, w, tt.got)
			}
		}
		for _, a := range tt.absent {
			if strings.Contains(tt.got, a) {
				t.Errorf("%s: holds %q:\n%s", tt.name, a, tt.got)
			}
		}
	}
}

func mustHard(t *testing.T, name string) HardTable {
	t.Helper()
	ht, ok := HardTableNamed(name)
	if !ok {
		t.Fatalf("no hard table %s", name)
	}
	return ht
}

func TestHardArgs(t *testing.T) {
	got := HardArgs([]any{uint64(1<<63 - 1), uint64(1 << 63), uint64(math.MaxUint64), int64(-1), "x", nil})
	want := []any{uint64(1<<63 - 1), "9223372036854775808", "18446744073709551615", int64(-1), "x", nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HardArgs = %#v, want %#v", got, want)
	}
}

func TestRandomHardTable(t *testing.T) {
	keyless, composite := 0, 0
	for seed := int64(1); seed <= 300; seed++ {
		ht := RandomHardTable(seed)
		if ht.Name != fmt.Sprintf("rnd_%d", seed) || ht.Class != ClassRandom {
			t.Fatalf("seed %d: name %s class %s", seed, ht.Name, ht.Class)
		}
		switch len(ht.Key) {
		case 0:
			keyless++
		case 1:
		default:
			composite++
		}
		values := len(ht.Columns) - len(ht.Key)
		if values < 3 || values > 6 {
			t.Errorf("seed %d: %d value columns", seed, values)
		}
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		row, ok := ht.RandomRow(r)
		if !ok || len(row) != len(ht.InsertColumns()) {
			t.Errorf("seed %d: RandomRow gave %d values, ok %v", seed, len(row), ok)
		}
	}
	if keyless == 0 || composite == 0 {
		t.Errorf("300 seeds gave %d keyless and %d composite-key tables: the menu is not drawn from", keyless, composite)
	}
	if _, ok := mustHard(t, "push_blob").RandomRow(rand.New(rand.NewPCG(1, 1))); ok {
		t.Error("a fixed table should have no random rows")
	}
}

func TestCompareDecimalText(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.23", "1.24", -1}, {"-1.00", "0.00", -1}, {"-99999999.99", "-1.00", -1}, {"10.00", "9.99", 1},
		{"1.2", "1.20", 0}, {"-0.01", "-0.02", 1}, {"0.00", "0.00", 0},
	}
	for _, tt := range tests {
		if got := compareDecimalText(tt.a, tt.b); (got > 0) != (tt.want > 0) || (got < 0) != (tt.want < 0) {
			t.Errorf("compareDecimalText(%s, %s) = %d, want sign %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestHardTablesOnServers creates every table on both servers, as a
// source and as a target of each flavor, which proves the DDL valid there,
// and fills the small ones, checking the row counts. The big tables are
// filled by the hard-migration suite in cmd/parity.
func TestHardTablesOnServers(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "hard")
		p := s.Open(t, db, 2)
		tables := HardTables()
		for seed := int64(1); seed <= 12; seed++ {
			tables = append(tables, RandomHardTable(seed))
		}
		for _, ht := range tables {
			if ht.Name == "coll_nopad" && p.Server.Flavor != schema.MariaDB {
				continue // utf8mb4_nopad_bin is MariaDB's
			}
			switch {
			case ht.Class == ClassHalfLoaded, ht.Name == "push_blob", ht.Name == "read_long", ht.Name == "fix_big":
				if err := ht.CreateTarget(ctx, p.DB, p.Server.Flavor, db); err != nil {
					t.Errorf("%s: %v", ht.Name, err)
				}
				continue
			}
			if err := ht.CreateSource(ctx, p.DB, p.Server.Flavor, db, 5); err != nil {
				t.Errorf("%s: %v", ht.Name, err)
				continue
			}
			var n int
			if err := p.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tableName(db, ht.Name)).Scan(&n); err != nil || n != len(ht.Rows(5)) {
				t.Errorf("%s: %d rows (%v), want %d", ht.Name, n, err, len(ht.Rows(5)))
			}
			if err := ht.CreateTarget(ctx, p.DB, p.Server.Flavor, db); err != nil {
				t.Errorf("%s as a target: %v", ht.Name, err)
			}
		}
	})
}
