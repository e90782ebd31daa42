package schema_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// createInspectTables builds one table per case Inspect must describe and
// returns the names of the base tables it created.
func createInspectTables(t *testing.T, p *conn.Pool) []string {
	t.Helper()
	testbed.Exec(t, p,
		`CREATE TABLE big_composite (a INT NOT NULL, b VARCHAR(20) NOT NULL, payload VARCHAR(200), PRIMARY KEY (a, b))`,
		// 10,000 rows of ~200 bytes: clearly the largest table.
		`INSERT INTO big_composite (a, b, payload)
		 SELECT d1.n + 10*d2.n + 100*d3.n + 1000*d4.n, CONCAT('k', d1.n), REPEAT('x', 200)
		 FROM (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d1
		 CROSS JOIN (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d2
		 CROSS JOIN (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d3
		 CROSS JOIN (SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) d4`,
		`CREATE TABLE uniq_nn (id INT NOT NULL, code CHAR(8) NOT NULL, note VARCHAR(10),
		 UNIQUE KEY uk_code_id (code, id), UNIQUE KEY uk_id (id), KEY ix_note (note))`,
		`CREATE TABLE no_key (x INT, y TEXT)`,
		`CREATE TABLE nullable_uk (id INT NULL, UNIQUE KEY uk_n (id))`,
		`CREATE TABLE prefix_uk (name VARCHAR(100) NOT NULL, UNIQUE KEY uk_p (name(10)))`,
		`CREATE TABLE gen (id INT PRIMARY KEY, a INT, v INT AS (a + 1) VIRTUAL, s INT AS (a * 2) STORED,
		 ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP, inv INT INVISIBLE)`,
		"CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, `we``ird` JSON, plain LONGTEXT)",
		`CREATE TABLE texts (id INT PRIMARY KEY,
		 l VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
		 u VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
		 raw VARBINARY(10))`,
		`CREATE TABLE types (id INT UNSIGNED NOT NULL PRIMARY KEY, d DECIMAL(12,4), dt DATETIME(6), ts3 TIMESTAMP(3) NULL,
		 bits BIT(17), e ENUM('a','b','c') NOT NULL DEFAULT 'b')`,
		`CREATE TABLE defaults (id INT PRIMARY KEY, a VARCHAR(20) DEFAULT 'it''s', b VARCHAR(20) DEFAULT 'x\\y',
		 e VARCHAR(20) DEFAULT 'NULL', f VARCHAR(20) DEFAULT NULL, g VARCHAR(20) NOT NULL, h INT DEFAULT 5, i VARCHAR(20) DEFAULT '',
		 bb BINARY(2) DEFAULT x'A2D6', vb VARBINARY(4) DEFAULT x'FF00', eb VARBINARY(4) DEFAULT '', nb VARBINARY(4) DEFAULT NULL,
		 xb VARBINARY(4) DEFAULT (UNHEX('A2')))`,
		"CREATE TABLE `odd``name` (id INT PRIMARY KEY)",
		`CREATE VIEW v_big AS SELECT a, b FROM big_composite`,
	)
	names := []string{"big_composite", "uniq_nn", "no_key", "nullable_uk", "prefix_uk", "gen", "docs", "texts", "types", "defaults", "odd`name"}
	switch p.Server.Flavor {
	case schema.MariaDB:
		testbed.Exec(t, p, `CREATE TABLE versioned (id INT PRIMARY KEY, x INT) WITH SYSTEM VERSIONING`)
		names = append(names, "versioned")
	default:
		testbed.Exec(t, p, `CREATE TABLE func_uk (a INT NOT NULL, UNIQUE KEY uk_f ((a + 1)))`)
		names = append(names, "func_uk")
	}
	for _, n := range names {
		testbed.Exec(t, p, "ANALYZE TABLE "+schema.QuoteIdent(n))
	}
	sort.Strings(names)
	return names
}

func byName(tables []*schema.Table) map[string]*schema.Table {
	m := map[string]*schema.Table{}
	for _, t := range tables {
		m[t.Name] = t
	}
	return m
}

func namesOf(tables []*schema.Table) []string {
	var names []string
	for _, t := range tables {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	return names
}

func TestInspect(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "schema")
		p := s.Open(t, db, 2)
		names := createInspectTables(t, p)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()

		tables, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{DefaultSchema: db})
		if err != nil {
			t.Fatal(err)
		}
		if got := namesOf(tables); !reflect.DeepEqual(got, names) {
			t.Fatalf("tables = %q\nwant     %q (base tables only, no view)", got, names)
		}
		for i, tbl := range tables {
			if tbl.Schema != db {
				t.Errorf("%s: schema %q, want %q", tbl, tbl.Schema, db)
			}
			if tbl.Engine != "InnoDB" || !strings.HasPrefix(tbl.Collation, "utf8mb4") || tbl.RowFormat == "" {
				t.Errorf("%s: engine %q, collation %q, row format %q", tbl, tbl.Engine, tbl.Collation, tbl.RowFormat)
			}
			if len(tbl.Columns) == 0 {
				t.Errorf("%s: no columns", tbl)
			}
			for j, c := range tbl.Columns {
				if c.Ordinal != j+1 {
					t.Errorf("%s.%s: ordinal %d at position %d", tbl, c.Name, c.Ordinal, j+1)
				}
			}
			if i > 0 {
				prev := tables[i-1]
				if prev.DataLength < tbl.DataLength || prev.DataLength == tbl.DataLength && prev.String() > tbl.String() {
					t.Errorf("order: %s (%d bytes) before %s (%d bytes)", prev, prev.DataLength, tbl, tbl.DataLength)
				}
			}
		}
		if tables[0].Name != "big_composite" {
			t.Errorf("largest table first: got %s (%d bytes)", tables[0], tables[0].DataLength)
		}
		tb := byName(tables)
		big := tb["big_composite"]
		if big.RowsEstimate < 5000 || big.RowsEstimate > 20000 || big.DataLength < 1<<20 {
			t.Errorf("big_composite after ANALYZE: rows %d, data %d bytes; want about 10000 rows and over 1 MiB", big.RowsEstimate, big.DataLength)
		}

		col := func(table, name string) schema.Column {
			t.Helper()
			c := tb[table].Column(name)
			if c == nil {
				t.Fatalf("%s has no column %s: %+v", table, name, tb[table].Columns)
			}
			return *c
		}
		index := func(table, name string) schema.Index {
			t.Helper()
			for _, ix := range tb[table].Indexes {
				if ix.Name == name {
					return ix
				}
			}
			t.Fatalf("%s has no index %s: %+v", table, name, tb[table].Indexes)
			return schema.Index{}
		}
		chunkKey := func(table string) string {
			ix, ok := tb[table].ChunkKey()
			if !ok {
				return ""
			}
			return ix.Name + "(" + strings.Join(ix.Columns, ",") + ")"
		}

		t.Run("keys", func(t *testing.T) {
			if got := index("big_composite", "PRIMARY"); !got.Primary || !got.Unique || !reflect.DeepEqual(got.Columns, []string{"a", "b"}) || got.Nullable || got.Prefix {
				t.Errorf("composite primary key = %+v", got)
			}
			if got := index("uniq_nn", "uk_code_id"); got.Primary || !got.Unique || !reflect.DeepEqual(got.Columns, []string{"code", "id"}) || got.Nullable {
				t.Errorf("uk_code_id = %+v", got)
			}
			if got := index("uniq_nn", "ix_note"); got.Unique || !got.Nullable {
				t.Errorf("ix_note = %+v", got)
			}
			if got := index("nullable_uk", "uk_n"); !got.Unique || !got.Nullable {
				t.Errorf("uk_n = %+v, want unique and nullable", got)
			}
			if got := index("prefix_uk", "uk_p"); !got.Unique || !got.Prefix || !reflect.DeepEqual(got.Columns, []string{"name"}) {
				t.Errorf("uk_p = %+v, want unique with a prefix", got)
			}
			if len(tb["no_key"].Indexes) != 0 {
				t.Errorf("no_key indexes = %+v", tb["no_key"].Indexes)
			}
			want := map[string]string{
				"big_composite": "PRIMARY(a,b)",
				"uniq_nn":       "uk_id(id)",
				"no_key":        "",
				"nullable_uk":   "",
				"prefix_uk":     "",
				"gen":           "PRIMARY(id)",
				"odd`name":      "PRIMARY(id)",
			}
			if p.Server.Flavor == schema.MariaDB {
				want["versioned"] = "PRIMARY(id)"
			} else {
				if got := index("func_uk", "uk_f"); !got.Unique || !got.Prefix {
					t.Errorf("functional uk_f = %+v, want it marked unusable", got)
				}
				want["func_uk"] = ""
			}
			for table, w := range want {
				if got := chunkKey(table); got != w {
					t.Errorf("%s chunk key = %q, want %q", table, got, w)
				}
			}
		})

		t.Run("generated and invisible", func(t *testing.T) {
			for name, want := range map[string]bool{"id": false, "a": false, "v": true, "s": true, "ts": false, "inv": false} {
				if got := col("gen", name).Generated; got != want {
					t.Errorf("gen.%s Generated = %v, want %v (extra %q)", name, got, want, col("gen", name).Extra)
				}
			}
			if c := col("gen", "inv"); !strings.Contains(strings.ToUpper(c.Extra), "INVISIBLE") {
				t.Errorf("gen.inv extra = %q, want INVISIBLE", c.Extra)
			}
			if got := tb["gen"].ColumnNames(); !reflect.DeepEqual(got, []string{"id", "a", "v", "s", "ts", "inv"}) {
				t.Errorf("gen columns = %q", got)
			}
		})

		t.Run("json", func(t *testing.T) {
			for _, name := range []string{"doc", "we`ird"} {
				c := col("docs", name)
				if c.DataType != "json" {
					t.Errorf("docs.%s DataType = %q, want json", name, c.DataType)
				}
				wantType := "json"
				if p.Server.Flavor == schema.MariaDB {
					wantType = "longtext" // an alias with a json_valid() check
				}
				if c.ColumnType != wantType {
					t.Errorf("docs.%s ColumnType = %q, want %q", name, c.ColumnType, wantType)
				}
			}
			if c := col("docs", "plain"); c.DataType != "longtext" {
				t.Errorf("docs.plain DataType = %q, want longtext", c.DataType)
			}
		})

		t.Run("character sets", func(t *testing.T) {
			for _, tt := range []struct {
				name, charset, collation string
				text                     bool
			}{
				{"l", "latin1", "latin1_swedish_ci", true},
				{"u", "utf8mb4", "utf8mb4_bin", true},
				{"raw", "", "", false},
				{"id", "", "", false},
			} {
				c := col("texts", tt.name)
				if c.Charset != tt.charset || c.Collation != tt.collation || c.IsText() != tt.text {
					t.Errorf("texts.%s: charset %q collation %q IsText %v; want %q %q %v",
						tt.name, c.Charset, c.Collation, c.IsText(), tt.charset, tt.collation, tt.text)
				}
			}
			if c := col("texts", "l"); c.MaxLength != 10 {
				t.Errorf("texts.l MaxLength = %d, want 10", c.MaxLength)
			}
			if c := col("texts", "u"); c.MaxLength != 10 {
				t.Errorf("texts.u MaxLength = %d, want 10 characters", c.MaxLength)
			}
		})

		t.Run("types", func(t *testing.T) {
			if c := col("types", "id"); !c.Unsigned || c.Nullable || c.DataType != "int" {
				t.Errorf("types.id = %+v, want int unsigned not null", c)
			}
			if c := col("types", "d"); c.DataType != "decimal" || c.Precision != 12 || c.Scale != 4 || !c.Nullable {
				t.Errorf("types.d = %+v, want decimal(12,4)", c)
			}
			if c := col("types", "dt"); c.DataType != "datetime" || c.FSP != 6 {
				t.Errorf("types.dt = %+v, want datetime(6)", c)
			}
			if c := col("types", "ts3"); c.DataType != "timestamp" || c.FSP != 3 {
				t.Errorf("types.ts3 = %+v, want timestamp(3)", c)
			}
			if c := col("types", "bits"); c.DataType != "bit" || c.Precision != 17 || c.ColumnType != "bit(17)" {
				t.Errorf("types.bits = %+v, want bit(17)", c)
			}
			if c := col("types", "e"); c.DataType != "enum" || c.ColumnType != "enum('a','b','c')" || c.Nullable ||
				c.Default == nil || *c.Default != "b" {
				t.Errorf("types.e = %+v, want enum('a','b','c') not null default b", c)
			}
		})

		t.Run("defaults", func(t *testing.T) {
			// The same on both flavors: MariaDB's quoted literals are unquoted.
			for name, want := range map[string]*string{
				"a": ptr("it's"), "b": ptr(`x\y`), "e": ptr("NULL"), "f": nil, "g": nil, "h": ptr("5"), "i": ptr(""), "id": nil,
				// Binary literals exactly, whatever information_schema shows
				// (MariaDB '??' and '?\0', MySQL 0xA2D6 and 0xFF).
				"bb": ptr("0xA2D6"), "vb": ptr("0xFF00"), "eb": ptr(""), "nb": nil,
			} {
				got := col("defaults", name).Default
				if (got == nil) != (want == nil) || got != nil && *got != *want {
					t.Errorf("defaults.%s Default = %s, want %s", name, show(got), show(want))
				}
			}
			// An expression stays the server's text, never one evaluation.
			if got := col("defaults", "xb").Default; got == nil || !strings.Contains(strings.ToLower(*got), "unhex") {
				t.Errorf("defaults.xb Default = %s, want the expression unhex('A2')", show(got))
			}
		})
	})
}

func ptr(s string) *string { return &s }

func show(p *string) string {
	if p == nil {
		return "nil"
	}
	return "\"" + *p + "\""
}

func TestInspectSelection(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "schema")
		other := s.Database(t, "schema")
		p := s.Open(t, db, 2)
		testbed.Exec(t, p,
			"CREATE TABLE orders (id INT PRIMARY KEY)",
			"CREATE TABLE order_items (id INT PRIMARY KEY)",
			"CREATE TABLE tmp_1 (id INT PRIMARY KEY)",
			"CREATE TABLE "+schema.QuoteIdent(other)+".orders (id INT PRIMARY KEY)",
		)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		inspect := func(sel schema.Selection) ([]*schema.Table, error) {
			return schema.Inspect(ctx, p.DB, p.Server, sel)
		}
		refs := func(tables []*schema.Table) []string {
			var out []string
			for _, t := range tables {
				out = append(out, t.String())
			}
			sort.Strings(out)
			return out
		}

		for _, tt := range []struct {
			name string
			sel  schema.Selection
			want []string
		}{
			{"default schema", schema.Selection{DefaultSchema: db}, []string{db + ".order_items", db + ".orders", db + ".tmp_1"}},
			{"exclude", schema.Selection{DefaultSchema: db, Exclude: []string{"tmp_*"}}, []string{db + ".order_items", db + ".orders"}},
			{"glob", schema.Selection{DefaultSchema: db, Include: []string{"order*"}}, []string{db + ".order_items", db + ".orders"}},
			{"literal", schema.Selection{DefaultSchema: db, Include: []string{"orders"}}, []string{db + ".orders"}},
			{"two schemas", schema.Selection{Include: []string{db + ".orders", other + ".*"}}, []string{db + ".orders", other + ".orders"}},
			// A class on the first letter makes the schema part a pattern
			// that still matches one schema.
			{"schema patterns", schema.Selection{Include: []string{"[" + db[:1] + "]" + db[1:] + ".orders", "[" + other[:1] + "]" + other[1:] + ".*"}},
				[]string{db + ".orders", other + ".orders"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tables, err := inspect(tt.sel)
				if err != nil {
					t.Fatal(err)
				}
				sort.Strings(tt.want)
				if got := refs(tables); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			})
		}

		t.Run("missing literal", func(t *testing.T) {
			_, err := inspect(schema.Selection{DefaultSchema: db, Include: []string{"orders", "does_not_exist"}})
			if !errors.Is(err, schema.ErrTableNotFound) {
				t.Fatalf("err = %v, want ErrTableNotFound", err)
			}
			if !strings.Contains(err.Error(), db+".does_not_exist") {
				t.Errorf("message %q does not name the table", err)
			}
		})
		t.Run("nothing matches", func(t *testing.T) {
			_, err := inspect(schema.Selection{Include: []string{db + ".zz*"}})
			if !errors.Is(err, schema.ErrNoTables) {
				t.Fatalf("err = %v, want ErrNoTables", err)
			}
			if errors.Is(err, schema.ErrTableNotFound) {
				t.Errorf("err = %v is also ErrTableNotFound", err)
			}
		})
		t.Run("empty database", func(t *testing.T) {
			empty := s.Database(t, "schema")
			if _, err := inspect(schema.Selection{DefaultSchema: empty}); !errors.Is(err, schema.ErrNoTables) {
				t.Fatalf("err = %v, want ErrNoTables", err)
			}
		})
		t.Run("system schemas never returned", func(t *testing.T) {
			if _, err := inspect(schema.Selection{Include: []string{"mysql.*", "sys.*", "information_schema.*", "performance_schema.*"}}); !errors.Is(err, schema.ErrNoTables) {
				t.Errorf("system schema globs: err = %v, want ErrNoTables", err)
			}
			if _, err := inspect(schema.Selection{Include: []string{"mysql.user"}}); !errors.Is(err, schema.ErrTableNotFound) {
				t.Errorf("mysql.user: err = %v, want ErrTableNotFound", err)
			}
			tables, err := inspect(schema.Selection{Include: []string{"*.*"}})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, tbl := range tables {
				if schema.IsSystemSchema(tbl.Schema) {
					t.Errorf("*.* returned %s", tbl)
				}
				seen[tbl.String()] = true
			}
			for _, want := range []string{db + ".orders", other + ".orders"} {
				if !seen[want] {
					t.Errorf("*.* did not return %s", want)
				}
			}
		})
		t.Run("invalid selection", func(t *testing.T) {
			_, err := inspect(schema.Selection{Include: []string{db + ".["}})
			if err == nil || errors.Is(err, schema.ErrNoTables) {
				t.Errorf("err = %v, want a pattern error", err)
			}
			if _, err := inspect(schema.Selection{}); err == nil {
				t.Error("empty selection: no error")
			}
		})
	})
}

func TestInspectWithoutPrivilege(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		db := s.Database(t, "schema")
		admin := s.Open(t, db, 1)
		testbed.Exec(t, admin, "CREATE TABLE t (id INT PRIMARY KEY)")

		var b [4]byte
		_, _ = rand.Read(b[:])
		user, password := "pt_noread_"+hex.EncodeToString(b[:]), "NoRead-Pw-"+hex.EncodeToString(b[:])
		account := "'" + user + "'@'127.0.0.1'"
		testbed.Exec(t, admin, "CREATE USER "+account+" IDENTIFIED BY '"+password+"'")
		t.Cleanup(func() {
			if _, err := admin.ExecContext(context.Background(), "DROP USER IF EXISTS "+account); err != nil {
				t.Errorf("drop user %s: %v", account, err)
			}
		})
		cfg, err := mysql.ParseDSN(s.DSN)
		if err != nil {
			t.Fatal(err)
		}
		cfg.User, cfg.Passwd = user, password
		ep, err := conn.Parse(cfg.FormatDSN(), conn.Options{Role: "source"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := conn.Open(ctx, ep, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()

		// information_schema hides the table from this user; naming it must
		// report the missing privilege, not a missing table.
		_, err = schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{db + ".t"}})
		if err == nil || errors.Is(err, schema.ErrTableNotFound) {
			t.Fatalf("err = %v, want a privilege error", err)
		}
		if !errors.Is(conn.Classify(err, "inspect", ep), conn.ErrPrivilege) {
			t.Errorf("err = %v does not classify as ErrPrivilege", err)
		}
		if !strings.Contains(err.Error(), db+".t") {
			t.Errorf("message %q does not name the table", err)
		}
		// A glob that the hidden table would match finds nothing.
		if _, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{db + ".*"}}); !errors.Is(err, schema.ErrNoTables) {
			t.Errorf("glob: err = %v, want ErrNoTables", err)
		}
	})
}

// MariaDB's JSON columns are LONGTEXT with a json_valid CHECK constraint,
// which information_schema hides from an account with only a table-level
// SELECT: Inspect must still see JSON, so the schema comparison does not
// depend on the account's privileges.
func TestInspectMariaDBJSONWithTableGrant(t *testing.T) {
	s := testbed.Get(t, "old")
	db := s.Database(t, "jsongrant")
	admin := s.Open(t, db, 1)
	testbed.Exec(t, admin, "CREATE TABLE docs (id INT PRIMARY KEY, doc JSON, `we``ird` JSON, plain LONGTEXT)",
		"CREATE TABLE t2 (id INT PRIMARY KEY, x LONGTEXT, CONSTRAINT c CHECK (json_valid(`x`)))")
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	user := "parity_ro_" + hex.EncodeToString(suffix[:])
	testbed.Exec(t, admin, "CREATE USER '"+user+"'@'127.0.0.1' IDENTIFIED BY 'ro-pw'",
		"GRANT SELECT ON `"+db+"`.docs TO '"+user+"'@'127.0.0.1'", "GRANT SELECT ON `"+db+"`.t2 TO '"+user+"'@'127.0.0.1'")
	t.Cleanup(func() { _, _ = admin.DB.Exec("DROP USER '" + user + "'@'127.0.0.1'") })
	ep := s.Endpoint(t, db)
	ep.Config.User, ep.Config.Passwd = user, "ro-pw"
	ro, err := conn.Open(context.Background(), ep, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, p := range []*conn.Pool{admin, ro} {
		tables, err := schema.Inspect(context.Background(), p.DB, p.Server, schema.Selection{DefaultSchema: db})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, tbl := range tables {
			for _, c := range tbl.Columns {
				got[tbl.Name+"."+c.Name] = c.DataType
			}
		}
		want := map[string]string{"docs.id": "int", "docs.doc": "json", "docs.we`ird": "json", "docs.plain": "longtext", "t2.id": "int", "t2.x": "json"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("as %s: %v, want %v", p.Endpoint.Config.User, got, want)
		}
	}
}
