package main

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/testbed"
)

// TestExtractAllTypesReaders extracts the all-types table from each server
// and reads every cell back with readers parity does not control, comparing
// each with the value inserted: the Parquet file with arrow-go's pqarrow
// and with DuckDB 1.5 (npm), the Arrow IPC stream with npm apache-arrow.
func TestExtractAllTypesReaders(t *testing.T) {
	const rows, seed = 40, 11
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "readers")
		p := s.Open(t, db, 4)
		if err := datagen.AllTypes(ctx, p.DB, p.Server.Flavor, db, "all_types", rows, seed); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		want := datagen.AllTypesRows(rows, seed)
		server := fmt.Sprintf("%s (%s %s)", s.Name, p.Server.Flavor, p.Server.Version)
		dsn := testbed.WithDatabase(s.DSN, db)

		dir := extractAllTypes(t, server, dsn, "parquet", "--chunk-rows", "16")
		path := filepath.Join(dir, db+".all_types.parquet")
		t.Run("pqarrow", func(t *testing.T) {
			compareAllTypes(t, server+" pqarrow", p.Server.Flavor, readAllTypesPqarrow(t, server, path), want)
		})
		t.Run("duckdb", func(t *testing.T) {
			got := readAllTypesDuckDB(t, server, path, want)
			compareAllTypes(t, server+" DuckDB", p.Server.Flavor, got, want)
			checkDuckDBDecimalStatistics(t, server, path)
		})
		t.Run("apache-arrow", func(t *testing.T) {
			dir := extractAllTypes(t, server, dsn, "arrow")
			got := readAllTypesApacheArrow(t, server, filepath.Join(dir, db+".all_types.arrows"))
			compareAllTypes(t, server+" apache-arrow", p.Server.Flavor, got, want)
		})
	})
}

// readAllTypesPqarrow reads the Parquet file with pqarrow alone (no
// workaround) and turns each TIME column, an Int64 whose field metadata
// says "parity.unit": "microseconds", back into a span.
func readAllTypesPqarrow(t *testing.T, server, path string) []allTypesRow {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		t.Fatalf("%s: open %s: %v", server, path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 16}, mem)
	if err != nil {
		t.Fatalf("%s: %v", server, err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("%s: pqarrow reads %s: %v", server, path, err)
	}
	defer tbl.Release()

	names := datagen.AllTypesColumns()
	types := allTypesArrowTypes()
	sc := tbl.Schema()
	if sc.NumFields() != len(names) {
		t.Fatalf("%s: %d columns, want %d", server, sc.NumFields(), len(names))
	}
	var rows []allTypesRow
	cols := make([][]arrow.Array, len(names))
	for c, fld := range sc.Fields() {
		wantType := types[fld.Name]
		isTime := wantType.ID() == arrow.DURATION
		if isTime {
			unit, _ := fld.Metadata.GetValue("parity.unit")
			mysqlType, _ := fld.Metadata.GetValue("mysql.type")
			if fld.Type.ID() != arrow.INT64 || unit != "microseconds" || !strings.HasPrefix(mysqlType, "time") {
				t.Errorf("%s: TIME column %s reads as %s with metadata %v, want int64 with parity.unit=microseconds",
					server, fld.Name, fld.Type, fld.Metadata)
			}
		} else if !arrow.TypeEqual(fld.Type, wantType) {
			t.Errorf("%s: column %s reads as %s, want %s", server, fld.Name, fld.Type, wantType)
		}
		for _, chunk := range tbl.Column(c).Data().Chunks() {
			if isTime {
				d := chunk.Data()
				nd := array.NewData(wantType, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
				chunk = array.MakeFromData(nd)
				nd.Release()
				defer chunk.Release()
			}
			cols[c] = append(cols[c], chunk)
		}
	}
	fsp := make([]int, len(names))
	for i, f := range sc.Fields() {
		fsp[i] = fractionDigits(f)
	}
	for k := range cols[0] {
		ids := cols[0][k].(*array.Int64)
		for r := range ids.Len() {
			row := allTypesRow{id: ids.Value(r), vals: make([]any, len(names))}
			for c := range names {
				v, err := cellValue(cols[c][k], r, fsp[c])
				if err != nil {
					t.Fatalf("%s: row id %d, column %s: %v", server, row.id, names[c], err)
				}
				row.vals[c] = v
			}
			rows = append(rows, row)
		}
	}
	slices.SortFunc(rows, func(a, b allTypesRow) int { return cmp.Compare(a.id, b.id) })
	return rows
}

// duckDBTypes is the type DuckDB gives each column it reads from parity's
// Parquet file, where a reader could go wrong.
var duckDBTypes = map[string]string{
	"c_bigint_u":      "UBIGINT",
	"c_decimal_5_2":   "DECIMAL(5,2)",
	"c_decimal_18_6":  "DECIMAL(18,6)",
	"c_decimal_38_10": "DECIMAL(38,10)",
	"c_decimal_65_30": "DOUBLE", // DuckDB has no decimal wider than 38 digits
	"c_float":         "FLOAT",
	"c_date":          "DATE",
	"c_datetime_6":    "TIMESTAMP",
	"c_timestamp_6":   "TIMESTAMP WITH TIME ZONE",
	"c_time_6":        "BIGINT", // microseconds
	"c_year":          "USMALLINT",
	"c_blob":          "BLOB",
	"c_json":          "VARCHAR",
}

// readAllTypesDuckDB reads every column with DuckDB, as text it cannot
// round: timestamps as epoch_us, blobs as hex. DECIMAL(65,30) comes back
// as a DOUBLE, which must be the exact value to within 4 units in the
// last place; it is then counted as that value.
func readAllTypesDuckDB(t *testing.T, server, path string, want [][]any) []allTypesRow {
	names := datagen.AllTypesColumns()
	from := "read_parquet('" + path + "')"
	desc := testbed.DuckDB(t, "DESCRIBE SELECT * FROM "+from)
	if len(desc.Rows) != len(names) {
		t.Fatalf("%s: DuckDB sees %d columns, want %d", server, len(desc.Rows), len(names))
	}
	var exprs []string
	types := map[string]string{}
	for i, r := range desc.Rows {
		name, typ := r[0].(string), r[1].(string)
		if name != names[i] {
			t.Fatalf("%s: DuckDB column %d is %q, want %q", server, i, name, names[i])
		}
		types[name] = typ
		q := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		switch {
		case typ == "BLOB":
			exprs = append(exprs, "lower(hex("+q+"))")
		case strings.HasPrefix(typ, "TIMESTAMP"):
			exprs = append(exprs, "CAST(epoch_us("+q+") AS VARCHAR)")
		default:
			exprs = append(exprs, "CAST("+q+" AS VARCHAR)")
		}
	}
	for name, typ := range duckDBTypes {
		if types[name] != typ {
			t.Errorf("%s: DuckDB reads %s as %s, want %s", server, name, types[name], typ)
		}
	}
	res := testbed.DuckDB(t, "SELECT "+strings.Join(exprs, ", ")+" FROM "+from+" ORDER BY id")
	var rows []allTypesRow
	for i, r := range res.Rows {
		id, err := strconv.ParseInt(r[0].(string), 10, 64)
		if err != nil {
			t.Fatalf("%s: DuckDB id %v", server, r[0])
		}
		row := allTypesRow{id: id, vals: make([]any, len(names))}
		for c, name := range names {
			if r[c] == nil {
				continue
			}
			text := r[c].(string)
			var w any
			if i < len(want) {
				w = want[i][c]
			}
			v, err := typedText(name, text, fractionOf(name), w)
			if err != nil {
				t.Fatalf("%s: DuckDB row id %d, column %s = %q: %v", server, id, name, text, err)
			}
			row.vals[c] = v
		}
		rows = append(rows, row)
	}
	return rows
}

// fractionOf is the fsp of the all-types temporal columns, by name.
func fractionOf(name string) int {
	switch name {
	case "c_datetime_3":
		return 3
	case "c_datetime_6", "c_timestamp_6", "c_time_6":
		return 6
	}
	return 0
}

// typedText turns a reader's exact text for column name into the Go form
// datagen.AllTypesRows uses: integers as decimal digits, floats in any
// form that parses to the same bits, DATETIME and TIMESTAMP as
// microseconds since the epoch, TIME as microseconds, binary as hex.
// want is the expected value, used only to accept DuckDB's DOUBLE for
// DECIMAL(65,30) when it is within 4 ulp of it.
func typedText(name, text string, fsp int, want any) (any, error) {
	switch {
	case name == "c_decimal_65_30":
		if w, ok := want.(string); ok && text != w && closeDecimal(text, w) {
			return w, nil
		}
		return text, nil
	case name == "c_float":
		f, err := strconv.ParseFloat(text, 64)
		return float32(f), err
	case name == "c_double":
		return strconv.ParseFloat(text, 64)
	case strings.HasPrefix(name, "c_datetime"), name == "c_timestamp_6":
		us, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, err
		}
		tm := time.UnixMicro(us).UTC()
		return tm.Format(time.DateTime) + fraction(uint64(tm.Nanosecond()/1000), fsp), nil
	case strings.HasPrefix(name, "c_time"):
		us, err := strconv.ParseInt(text, 10, 64)
		return clockString(us, fsp), err
	case strings.HasSuffix(name, "_u"), strings.HasPrefix(name, "c_bit"), name == "c_year":
		return strconv.ParseUint(text, 10, 64)
	case name == "id", name == "select", strings.HasPrefix(name, "c_") && strings.HasSuffix(name, "int"):
		return strconv.ParseInt(text, 10, 64)
	case strings.Contains(name, "binary"), strings.Contains(name, "blob"), name == "c_geometry":
		return hex.DecodeString(text)
	}
	return text, nil
}

// closeDecimal: the float text is the decimal's value to within 4 units
// in the last place of a float64.
func closeDecimal(float, decimal string) bool {
	got, err := strconv.ParseFloat(float, 64)
	if err != nil {
		return false
	}
	exact, ok := new(big.Float).SetPrec(512).SetString(decimal)
	if !ok {
		return false
	}
	nearest, _ := exact.Float64()
	ulp := math.Nextafter(math.Abs(nearest), math.Inf(1)) - math.Abs(nearest)
	return math.Abs(got-nearest) <= 4*ulp
}

// checkDuckDBDecimalStatistics: the min and max DuckDB's parquet_metadata
// reads from each decimal column's statistics are the column's real
// extremes (a wrong byte length once made them 2^32 times too large).
func checkDuckDBDecimalStatistics(t *testing.T, server, path string) {
	for _, col := range []string{"c_decimal_38_10", "c_decimal_65_30"} {
		stats := testbed.DuckDB(t, fmt.Sprintf(
			"SELECT min(CAST(stats_min_value AS DOUBLE)), max(CAST(stats_max_value AS DOUBLE)) FROM parquet_metadata('%s') WHERE path_in_schema = '%s'", path, col))
		real := testbed.DuckDB(t, fmt.Sprintf(
			"SELECT CAST(min(%s) AS DOUBLE), CAST(max(%s) AS DOUBLE) FROM read_parquet('%s')", col, col, path))
		if got, want := fmt.Sprint(stats.Rows), fmt.Sprint(real.Rows); got != want {
			t.Errorf("%s: DuckDB statistics of %s: min, max = %s, want %s", server, col, got, want)
		}
	}
}

// readAllTypesApacheArrow reads the IPC stream with npm apache-arrow.
func readAllTypesApacheArrow(t *testing.T, server, path string) []allTypesRow {
	ipc := testbed.ReadArrowIPC(t, path)
	names := datagen.AllTypesColumns()
	if len(ipc.Fields) != len(names) {
		t.Fatalf("%s: apache-arrow sees %d columns, want %d", server, len(ipc.Fields), len(names))
	}
	for i, f := range ipc.Fields {
		if f.Name != names[i] {
			t.Fatalf("%s: apache-arrow column %d is %q, want %q", server, i, f.Name, names[i])
		}
	}
	for name, typ := range map[string]string{"c_decimal_65_30": "Decimal[65e+30]", "c_time_6": "Duration<MICROSECOND>",
		"c_timestamp_6": "Timestamp<MICROSECOND, UTC>", "c_bigint_u": "Uint64"} {
		i := slices.Index(names, name)
		if ipc.Fields[i].Type != typ {
			t.Errorf("%s: apache-arrow reads %s as %s, want %s", server, name, ipc.Fields[i].Type, typ)
		}
	}
	var rows []allTypesRow
	for r := range ipc.Columns[0] {
		id, err := strconv.ParseInt(*ipc.Columns[0][r], 10, 64)
		if err != nil {
			t.Fatalf("%s: apache-arrow id: %v", server, err)
		}
		row := allTypesRow{id: id, vals: make([]any, len(names))}
		for c, name := range names {
			v := ipc.Columns[c][r]
			if v == nil {
				continue
			}
			text := *v
			if name == "c_date" {
				days, err := strconv.ParseInt(text, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				row.vals[c] = time.Unix(days*86400, 0).UTC().Format(time.DateOnly)
				continue
			}
			if row.vals[c], err = typedText(name, text, fractionOf(name), nil); err != nil {
				t.Fatalf("%s: apache-arrow row id %d, column %s = %q: %v", server, id, name, text, err)
			}
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b allTypesRow) int { return cmp.Compare(a.id, b.id) })
	return rows
}
