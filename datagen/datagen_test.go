package datagen

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// readBack selects every AllTypes column as text or bytes the test can
// compare: BIT as an unsigned number, GEOMETRY as plain WKB.
func readBack(t *testing.T, p *conn.Pool, database, name string) [][]sql.RawBytes {
	t.Helper()
	var exprs []string
	for _, c := range AllTypesColumns() {
		q := schema.QuoteIdent(c)
		switch {
		case strings.HasPrefix(c, "c_bit_"):
			q = "CAST(" + q + " AS UNSIGNED)"
		case c == "c_geometry":
			q = "ST_AsBinary(" + q + ")"
		}
		exprs = append(exprs, q)
	}
	rows, err := p.QueryContext(context.Background(), "SELECT "+strings.Join(exprs, ", ")+" FROM "+tableName(database, name)+" ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]sql.RawBytes
	for rows.Next() {
		raw := make([]sql.RawBytes, len(exprs))
		dest := make([]any, len(raw))
		for i := range raw {
			dest[i] = &raw[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		row := make([]sql.RawBytes, len(raw))
		for i, b := range raw {
			if b != nil {
				row[i] = append(sql.RawBytes{}, b...)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// matches compares a value read back as text with what AllTypesRows says,
// converting the text to want's Go type.
func matches(flavor schema.Flavor, column string, got sql.RawBytes, want any) (bool, error) {
	if got == nil || want == nil {
		return got == nil && want == nil, nil
	}
	s := string(got)
	switch w := want.(type) {
	case int64:
		v, err := strconv.ParseInt(s, 10, 64)
		return v == w, err
	case uint64:
		v, err := strconv.ParseUint(s, 10, 64)
		return v == w, err
	case float32:
		v, err := strconv.ParseFloat(s, 32)
		return float32(v) == w, err
	case float64:
		v, err := strconv.ParseFloat(s, 64)
		return v == w, err
	case []byte:
		return bytes.Equal(got, w), nil
	case string:
		if column == "c_json" && flavor != schema.MariaDB {
			return sameJSON(s, w)
		}
		return s == w, nil
	}
	return false, fmt.Errorf("unexpected Go type %T", want)
}

func sameJSON(a, b string) (bool, error) {
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		return false, err
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		return false, err
	}
	return reflect.DeepEqual(va, vb), nil
}

func TestAllTypes(t *testing.T) {
	const rows, seed = 300, 7
	want := AllTypesRows(rows, seed)
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		database := s.Database(t, "gen")
		p := s.Open(t, database, 4)
		if err := AllTypes(ctx, p.DB, p.Server.Flavor, database, "all_types", rows, seed); err != nil {
			t.Fatal(err)
		}
		got := readBack(t, p, database, "all_types")
		if len(got) != rows {
			t.Fatalf("read %d rows, want %d", len(got), rows)
		}
		names := AllTypesColumns()
		for i := range got {
			for j, name := range names {
				ok, err := matches(p.Server.Flavor, name, got[i][j], want[i][j])
				if err != nil || !ok {
					t.Errorf("row id %d column %s: got %q, want %#v (%v)", i+1, name, abbrev(got[i][j]), want[i][j], err)
				}
			}
		}

		// The text protocol gives GEOMETRY as SRID + WKB.
		var hexGeom string
		if err := p.QueryRowContext(ctx, "SELECT HEX(c_geometry) FROM "+tableName(database, "all_types")+" WHERE id = 5").Scan(&hexGeom); err != nil {
			t.Fatal(err)
		}
		if wantHex := fmt.Sprintf("00000000%X", want[4][len(names)-3]); hexGeom != wantHex {
			t.Errorf("HEX(c_geometry) = %s, want %s", hexGeom, wantHex)
		}

		// Every column has the type its name says.
		tables, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{database + ".all_types"}})
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]string{}
		for _, c := range tables[0].Columns {
			types[c.Name] = c.DataType + " " + c.Charset
		}
		for col, typ := range map[string]string{
			"c_bigint_u": "bigint ", "c_decimal_65_30": "decimal ", "c_bit_64": "bit ", "c_timestamp_6": "timestamp ",
			"c_varchar_latin1": "varchar latin1", "c_varchar_utf8mb3": "varchar utf8mb3", "c_json": "json",
			"c_geometry": "geometry ", "c_longblob": "longblob ", "we`ird col": "varchar utf8mb4",
		} {
			if got := types[col]; !strings.HasPrefix(got, typ) {
				t.Errorf("column %s is %q, want %q", col, got, typ)
			}
		}
		if len(tables[0].Columns) != len(names) {
			t.Errorf("table has %d columns, want %d", len(tables[0].Columns), len(names))
		}
	})
}

func abbrev(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}

// sysbenchSum is what the servers compute with
// SUM(CRC32(CONCAT_WS('#', id, k, c, pad))), worked out in Go.
func sysbenchSum(rows, seed int64) uint64 {
	var sum uint64
	for id := int64(1); id <= rows; id++ {
		k, c, pad := SysbenchRow(id, rows, seed)
		sum += uint64(crc32.ChecksumIEEE(fmt.Appendf(nil, "%d#%d#%s#%s", id, k, c, pad)))
	}
	return sum
}

func TestSysbench(t *testing.T) {
	const rows, seed = 10_000, 42
	wantSum := sysbenchSum(rows, seed)
	sums := map[string]string{}
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		database := s.Database(t, "gen")
		p := s.Open(t, database, 4)
		table := tableName(database, "sbtest1")
		if err := Sysbench(ctx, p.DB, database, "sbtest1", rows, seed); err != nil {
			t.Fatal(err)
		}
		var count int64
		var sum uint64
		q := "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('#', id, k, c, pad))) FROM " + table
		if err := p.QueryRowContext(ctx, q).Scan(&count, &sum); err != nil {
			t.Fatal(err)
		}
		if count != rows || sum != wantSum {
			t.Errorf("COUNT, SUM(CRC32) = %d, %d; want %d, %d", count, sum, rows, wantSum)
		}
		sums[s.Name] = fmt.Sprint(count, sum)

		var keyCols string
		if err := p.QueryRowContext(ctx, `SELECT GROUP_CONCAT(COLUMN_NAME) FROM information_schema.STATISTICS
			WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'sbtest1' AND INDEX_NAME = 'k_1'`, database).Scan(&keyCols); err != nil || keyCols != "k" {
			t.Errorf("KEY k_1 has columns %q (%v), want k", keyCols, err)
		}
		comment, _, err := tableComment(ctx, p.DB, database, "sbtest1")
		if err != nil || comment != SysbenchComment(rows, seed) {
			t.Errorf("COMMENT = %q (%v), want %q", comment, err, SysbenchComment(rows, seed))
		}

		// A second call with the same rows and seed must not rewrite: a
		// marker row survives it.
		testbed.Exec(t, p, "UPDATE "+table+" SET pad = 'marker' WHERE id = 1")
		start := time.Now()
		if err := Sysbench(ctx, p.DB, database, "sbtest1", rows, seed); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("second Sysbench took %v, want a no-op", d)
		}
		var pad string
		if err := p.QueryRowContext(ctx, "SELECT pad FROM "+table+" WHERE id = 1").Scan(&pad); err != nil {
			t.Fatal(err)
		}
		if pad != "marker" {
			t.Errorf("second Sysbench rewrote the table (pad of id 1 = %q)", pad)
		}

		// Another seed rebuilds it.
		if err := Sysbench(ctx, p.DB, database, "sbtest1", rows, seed+1); err != nil {
			t.Fatal(err)
		}
		_, _, wantPad := SysbenchRow(1, rows, seed+1)
		if err := p.QueryRowContext(ctx, "SELECT pad FROM "+table+" WHERE id = 1").Scan(&pad); err != nil {
			t.Fatal(err)
		}
		if pad != wantPad {
			t.Errorf("after a new seed, pad of id 1 = %q, want %q", pad, wantPad)
		}
	})
	if len(sums) == 2 && sums["old"] != sums["new"] {
		t.Errorf("content differs: old %s, new %s", sums["old"], sums["new"])
	}
}

// TestSysbenchCancel: cancelling stops a load promptly, and the table is not
// marked loaded, so the next call rebuilds it.
func TestSysbenchCancel(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		database := s.Database(t, "gen")
		p := s.Open(t, database, 4)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := Sysbench(ctx, p.DB, database, "sbtest1", 5_000_000, 1)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Sysbench = %v, want a deadline error", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("cancelled load took %v to stop", d)
		}
		comment, _, err := tableComment(context.Background(), p.DB, database, "sbtest1")
		if err != nil || comment == SysbenchComment(5_000_000, 1) {
			t.Errorf("interrupted load: COMMENT = %q (%v)", comment, err)
		}
	})
}

func TestZeroDates(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		database := s.Database(t, "gen")
		p := s.Open(t, database, 4)
		counts, err := ZeroDates(ctx, p.DB, database, "zero_dates")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"c_date": 4, "c_datetime_6": 5, "c_timestamp": 2}
		if !reflect.DeepEqual(counts, want) {
			t.Errorf("counts = %v, want %v", counts, want)
		}

		rows, err := p.QueryContext(ctx, "SELECT id, c_date, c_datetime_6, c_timestamp FROM "+tableName(database, "zero_dates")+" ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id int
			var got [3]sql.NullString
			if err := rows.Scan(&id, &got[0], &got[1], &got[2]); err != nil {
				t.Fatal(err)
			}
			w := zeroDateRows[n]
			for i := range got {
				ws, ok := w[i+1].(string)
				if got[i].Valid != ok || got[i].String != ws {
					t.Errorf("id %d %s = %v, want %v", id, zeroDateColumns[i], got[i], w[i+1])
				}
			}
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n != len(zeroDateRows) {
			t.Errorf("read %d rows, want %d", n, len(zeroDateRows))
		}

		// The relaxed session never returns to the caller's pool.
		for range 4 {
			var mode string
			if err := p.QueryRowContext(ctx, "SELECT @@SESSION.sql_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if mode == "" {
				t.Fatal("the pool got a connection with sql_mode = ''")
			}
		}
	})
}

// BenchmarkSysbenchLoad times loading a sysbench table on each server
// (PARITY_DATAGEN_ROWS rows, 200,000 by default) into a fresh database.
func BenchmarkSysbenchLoad(b *testing.B) {
	n, _ := strconv.ParseInt(os.Getenv("PARITY_DATAGEN_ROWS"), 10, 64)
	if n <= 0 {
		n = 200_000
	}
	for _, s := range testbed.Servers() {
		b.Run("server="+s.Name, func(b *testing.B) {
			s := testbed.Get(b, s.Name)
			for range b.N {
				b.StopTimer()
				database := s.Database(b, "gentime")
				p := s.Open(b, database, 4)
				b.StartTimer()
				if err := Sysbench(context.Background(), p.DB, database, "sbtest1", n, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
