package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestExtractCSVLoadsBack: the all-types table extracted as CSV in the
// mysql dialect loads back into the same server with the load.sql parity
// writes (LOAD DATA LOCAL INFILE, as a client would run it), and parity
// verify then finds the copy equal to the original.
func TestExtractCSVLoadsBack(t *testing.T) {
	const rows, seed = 40, 5
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "loadback")
		orig := s.Database(t, "loadorig")
		p := s.Open(t, db, 2)
		if err := datagen.AllTypes(ctx, p.DB, p.Server.Flavor, db, "all_types", rows, seed); err != nil {
			t.Fatal(err)
		}
		for _, compression := range []string{"none", "zstd"} {
			t.Run(compression, func(t *testing.T) {
				out := t.TempDir()
				code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--tables", "all_types",
					"--format", "csv", "--csv-dialect", "mysql", "--compression", compression, "--out", out, "--chunk-rows", "16")
				if code != 0 {
					t.Fatalf("extract: exit %d: %s", code, stderr)
				}
				if compression == "zstd" {
					// LOAD DATA reads plain files; load.sql says to decompress.
					unzstd(t, filepath.Join(out, db+".all_types.csv.zst"))
				}
				loadBackAndVerify(t, s, p, db, orig, "all_types", out)
				testbed.Exec(t, p, "DROP TABLE "+q(db, "all_types"), "RENAME TABLE "+q(orig, "all_types")+" TO "+q(db, "all_types"))
			})
		}
	})
}

// loadBackAndVerify moves table of db aside into orig, loads the files in
// out into an empty copy with load.sql, and has parity verify find the copy
// equal to the original.
func loadBackAndVerify(t *testing.T, s testbed.Server, p *conn.Pool, db, orig, table, out string) {
	t.Helper()
	testbed.Exec(t, p,
		"RENAME TABLE "+q(db, table)+" TO "+q(orig, table),
		"CREATE TABLE "+q(db, table)+" LIKE "+q(orig, table))
	runLoadScript(t, s, out)
	code, stdout, stderr := runParity(t, "verify", "--source", testbed.WithDatabase(s.DSN, orig),
		"--target", testbed.WithDatabase(s.DSN, db), "--map", orig+".*="+db+".*", "--tables", table)
	if code != 0 {
		t.Errorf("verify after LOAD DATA: exit %d\n%s%s", code, stdout, stderr)
	}
}

func q(db, table string) string { return schema.QuoteIdent(db) + "." + schema.QuoteIdent(table) }

// runLoadScript runs dir/load.sql against s, statement by statement, from
// dir, with LOAD DATA LOCAL allowed on the client and on the server
// (MySQL 9 has local_infile off by default; the change is made under the
// testbed's globals lock and undone).
func runLoadScript(t *testing.T, s testbed.Server, dir string) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(dir, "load.sql"))
	if err != nil {
		t.Fatal(err)
	}
	admin := s.Open(t, "", 1)
	var was int
	if err := admin.QueryRowContext(context.Background(), "SELECT @@GLOBAL.local_infile").Scan(&was); err != nil {
		t.Fatal(err)
	}
	if was == 0 {
		testbed.LockGlobals(t, s)
		testbed.Exec(t, admin, "SET GLOBAL local_infile = ON")
		defer testbed.Exec(t, admin, "SET GLOBAL local_infile = OFF")
	}
	dsn := s.DSN + "?allowAllFiles=true"
	if strings.Contains(s.DSN, "?") {
		dsn = s.DSN + "&allowAllFiles=true"
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Chdir(dir)
	var body []string
	for _, line := range strings.Split(string(script), "\n") {
		if !strings.HasPrefix(line, "--") {
			body = append(body, line)
		}
	}
	n := 0
	for _, stmt := range strings.Split(strings.Join(body, "\n"), ";\n") {
		if stmt = strings.TrimSpace(stmt); stmt == "" {
			continue
		}
		res, err := c.ExecContext(context.Background(), stmt)
		if err != nil {
			t.Fatalf("%s: %v\n%s", s.Name, err, stmt)
		}
		if strings.HasPrefix(stmt, "LOAD DATA") {
			n++
			var warnings []string
			rows, err := c.QueryContext(context.Background(), "SHOW WARNINGS")
			if err == nil {
				for rows.Next() {
					var level, msg string
					var code int
					_ = rows.Scan(&level, &code, &msg)
					warnings = append(warnings, fmt.Sprintf("%s %d %s", level, code, msg))
				}
				rows.Close()
			}
			if len(warnings) > 0 {
				affected, _ := res.RowsAffected()
				t.Errorf("%s: LOAD DATA (%d rows) warned: %s", s.Name, affected, strings.Join(warnings, "; "))
			}
		}
	}
	if n == 0 {
		t.Fatalf("load.sql holds no LOAD DATA statement:\n%s", script)
	}
}

// TestExtractCSVReadByDuckDB: DuckDB's read_csv, with the options the
// README gives, reads the rfc4180 and bigquery dialects (plain, gzip and
// zstd) with every NULL a NULL and every empty string an empty string,
// and text exactly as stored.
func TestExtractCSVReadByDuckDB(t *testing.T) {
	const rows, seed = 40, 5
	s := testbed.Get(t, "new")
	ctx := context.Background()
	db := s.Database(t, "csvduck")
	p := s.Open(t, db, 2)
	if err := datagen.AllTypes(ctx, p.DB, p.Server.Flavor, db, "all_types", rows, seed); err != nil {
		t.Fatal(err)
	}
	want := datagen.AllTypesRows(rows, seed)
	names := datagen.AllTypesColumns()
	// Columns whose CSV text is the value itself.
	text := map[string]bool{"c_char_10": true, "c_varchar_255": true, "c_varchar_latin1": true, "c_varchar_utf8mb3": true,
		"c_tinytext": true, "c_text": true, "c_mediumtext": true, "c_longtext": true, "c_enum": true, "c_set": true,
		"we`ird col": true, "c_decimal_65_30": true, "c_date": true}
	for _, tt := range []struct{ dialect, compression, options, ext string }{
		{"rfc4180", "none", "header = true, allow_quoted_nulls = false", ".csv"},
		{"rfc4180", "gzip", "header = true, allow_quoted_nulls = false", ".csv.gz"},
		{"bigquery", "none", `header = true, nullstr = '\N', allow_quoted_nulls = false`, ".csv"},
		{"bigquery", "zstd", `header = true, nullstr = '\N', allow_quoted_nulls = false`, ".csv.zst"},
	} {
		t.Run(tt.dialect+"-"+tt.compression, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--tables", "all_types",
				"--format", "csv", "--csv-dialect", tt.dialect, "--compression", tt.compression, "--out", out)
			if code != 0 {
				t.Fatalf("extract: exit %d: %s", code, stderr)
			}
			path := filepath.Join(out, db+".all_types"+tt.ext)
			res := testbed.DuckDB(t, fmt.Sprintf("SELECT * FROM read_csv('%s', %s, all_varchar = true) ORDER BY CAST(id AS BIGINT)", path, tt.options))
			if len(res.Rows) != rows {
				t.Fatalf("DuckDB read %d rows, want %d", len(res.Rows), rows)
			}
			for i, r := range res.Rows {
				for c, name := range names {
					got, w := r[c], want[i][c]
					switch {
					case w == nil && got != nil:
						t.Errorf("row %d %s: DuckDB read %q for NULL", i+1, name, got)
					case w != nil && got == nil:
						t.Errorf("row %d %s: DuckDB read NULL for %s", i+1, name, show(w))
					case w != nil && text[name] && got != w:
						t.Errorf("row %d %s: DuckDB read %s, want %s", i+1, name, show(got), show(w))
					}
				}
			}
		})
	}
}

// unzstd decompresses path next to itself, without the .zst suffix.
func unzstd(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := zstd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out, err := os.Create(strings.TrimSuffix(path, ".zst"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, r); err != nil {
		t.Fatal(err)
	}
}

// TestExtractCSVTextLoadsBack: a table whose every column goes to CSV as
// text from the driver's values (integers, DECIMAL, dates, strings with the
// bytes a dialect quotes or escapes, ENUM, SET, binary) is read by readers
// parity did not write. In the mysql dialect it loads back into the same
// server with load.sql and parity verify finds the copy equal. In the
// default dialect DuckDB reads every string value as the server holds it.
func TestExtractCSVTextLoadsBack(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "textload")
		orig := s.Database(t, "textorig")
		p := s.Open(t, db, 2)
		testbed.Exec(t, p,
			`CREATE TABLE tt (id INT PRIMARY KEY, ti TINYINT, bu BIGINT UNSIGNED, dm DECIMAL(12,2), d DATE,
				dt DATETIME(6), ts TIMESTAMP(6) NULL, vc VARCHAR(40), tx TEXT, e ENUM('a','b,c'), st SET('x','y'),
				vb VARBINARY(16), bl BLOB)`,
			`INSERT INTO tt VALUES
				(1, -128, 18446744073709551615, -1234567890.12, '2024-02-29', '2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.5',
				 'a,b "q" \\N', 'line\nbreak\rcr\ttab \\ back', 'b,c', 'x,y', x'000a0d22', x'5c4e'),
				(2, 127, 0, 0.05, '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 00:00:01',
				 ' lead', '', 'a', '', x'', x'1a'),
				(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
				(4, 0, 1, -0.01, '9999-12-31', '9999-12-31 23:59:59', NULL, 'NULL', '\\.', NULL, 'y', x'ff', REPEAT(x'ab', 100)),
				(5, 1, 2, 1.00, '2000-01-01', '2000-01-01 12:00:00.000001', '2000-02-29 00:00:00', '😀 café', 'x', 'a', 'x', NULL, x'')`)
		out := t.TempDir()
		code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--tables", "tt",
			"--format", "csv", "--csv-dialect", "mysql", "--out", out, "--chunk-rows", "2")
		if code != 0 {
			t.Fatalf("extract: exit %d: %s", code, stderr)
		}
		loadBackAndVerify(t, s, p, db, orig, "tt", out)

		csvOut := t.TempDir()
		code, _, stderr = runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, orig), "--tables", "tt",
			"--format", "csv", "--out", csvOut)
		if code != 0 {
			t.Fatalf("extract: exit %d: %s", code, stderr)
		}
		res := testbed.DuckDB(t, fmt.Sprintf(
			"SELECT id, vc, tx FROM read_csv('%s', header = true, allow_quoted_nulls = false, all_varchar = true) ORDER BY id::INT",
			filepath.Join(csvOut, orig+".tt.csv")))
		rows, err := p.QueryContext(context.Background(), "SELECT id, vc, tx FROM "+q(orig, "tt")+" ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var want [][]any
		for rows.Next() {
			var id int
			var vc, tx sql.NullString
			if err := rows.Scan(&id, &vc, &tx); err != nil {
				t.Fatal(err)
			}
			row := []any{strconv.Itoa(id), nil, nil}
			if vc.Valid {
				row[1] = vc.String
			}
			if tx.Valid {
				row[2] = tx.String
			}
			want = append(want, row)
		}
		if got, w := fmt.Sprintf("%q", res.Rows), fmt.Sprintf("%q", want); got != w {
			t.Errorf("DuckDB reads\n%s\nthe server holds\n%s", got, w)
		}
	})
}
