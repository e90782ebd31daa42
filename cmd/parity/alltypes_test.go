package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestExtractAllTypesEndToEnd fills a table with every type parity maps
// (datagen.AllTypes), extracts it with the real command to Arrow IPC, CSV
// and Parquet, and checks what lands on disk against the values inserted:
// every cell of the Arrow stream exactly, the tricky cells of the CSV file,
// and the Parquet footer.
func TestExtractAllTypesEndToEnd(t *testing.T) {
	const rows, seed = 40, 7
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "e2e")
		p := s.Open(t, db, 4)
		if err := datagen.AllTypes(ctx, p.DB, p.Server.Flavor, db, "all_types", rows, seed); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		want := datagen.AllTypesRows(rows, seed)
		server := fmt.Sprintf("%s (%s %s)", s.Name, p.Server.Flavor, p.Server.Version)
		dsn := testbed.WithDatabase(s.DSN, db)

		t.Run("arrow", func(t *testing.T) {
			// Small fixed chunks, so the rows arrive in several batches.
			dir := extractAllTypes(t, server, dsn, "arrow", "--chunk-rows", "8")
			got := readAllTypesArrow(t, server, filepath.Join(dir, db+".all_types.arrows"))
			compareAllTypes(t, server, p.Server.Flavor, got, want)
		})
		t.Run("csv", func(t *testing.T) {
			dir := extractAllTypes(t, server, dsn, "csv")
			checkAllTypesCSV(t, server, filepath.Join(dir, db+".all_types.csv"), len(want))
		})
		t.Run("parquet", func(t *testing.T) {
			dir := extractAllTypes(t, server, dsn, "parquet")
			checkAllTypesParquet(t, server, filepath.Join(dir, db+".all_types.parquet"), len(want))
		})
	})
}

// extractAllTypes runs parity extract on the all_types table and returns
// the output directory.
func extractAllTypes(t *testing.T, server, dsn, format string, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"extract", "--source", dsn, "--tables", "all_types", "--format", format, "--out", dir}, extra...)
	if code, _, stderr := runParity(t, args...); code != 0 {
		t.Fatalf("%s: extract --format %s: exit %d: %s", server, format, code, stderr)
	}
	return dir
}

// allTypesArrowTypes is the Arrow type each AllTypes column must have, as
// extract.Field documents the mapping.
func allTypesArrowTypes() map[string]arrow.DataType {
	ts := &arrow.TimestampType{Unit: arrow.Microsecond}
	dur := &arrow.DurationType{Unit: arrow.Microsecond}
	str, bin := arrow.BinaryTypes.String, arrow.BinaryTypes.Binary
	return map[string]arrow.DataType{
		"id":        arrow.PrimitiveTypes.Int64,
		"c_tinyint": arrow.PrimitiveTypes.Int8, "c_tinyint_u": arrow.PrimitiveTypes.Uint8,
		"c_smallint": arrow.PrimitiveTypes.Int16, "c_smallint_u": arrow.PrimitiveTypes.Uint16,
		"c_mediumint": arrow.PrimitiveTypes.Int32, "c_mediumint_u": arrow.PrimitiveTypes.Uint32,
		"c_int": arrow.PrimitiveTypes.Int32, "c_int_u": arrow.PrimitiveTypes.Uint32,
		"c_bigint": arrow.PrimitiveTypes.Int64, "c_bigint_u": arrow.PrimitiveTypes.Uint64,
		"c_decimal_5_2":   &arrow.Decimal128Type{Precision: 5, Scale: 2},
		"c_decimal_18_6":  &arrow.Decimal128Type{Precision: 18, Scale: 6},
		"c_decimal_38_10": &arrow.Decimal128Type{Precision: 38, Scale: 10},
		"c_decimal_65_30": &arrow.Decimal256Type{Precision: 65, Scale: 30},
		"c_float":         arrow.PrimitiveTypes.Float32, "c_double": arrow.PrimitiveTypes.Float64,
		"c_bit_1": arrow.PrimitiveTypes.Uint64, "c_bit_17": arrow.PrimitiveTypes.Uint64, "c_bit_64": arrow.PrimitiveTypes.Uint64,
		"c_date":     arrow.FixedWidthTypes.Date32,
		"c_datetime": ts, "c_datetime_3": ts, "c_datetime_6": ts,
		"c_timestamp_6": &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"},
		"c_time":        dur, "c_time_6": dur,
		"c_year":    arrow.PrimitiveTypes.Uint16,
		"c_char_10": str, "c_varchar_255": str, "c_varchar_latin1": str, "c_varchar_utf8mb3": str,
		"c_tinytext": str, "c_text": str, "c_mediumtext": str, "c_longtext": str,
		"c_binary_16": bin, "c_varbinary_255": bin, "c_tinyblob": bin, "c_blob": bin, "c_mediumblob": bin, "c_longblob": bin,
		"c_enum": str, "c_set": str, "c_json": str, "c_geometry": bin,
		"select": arrow.PrimitiveTypes.Int32, "we`ird col": str,
	}
}

// allTypesRow is one row read back: the id and every column's value as a
// Go value (see cellValue), nil for NULL.
type allTypesRow struct {
	id   int64
	vals []any
}

// readAllTypesArrow reads an IPC stream of the all_types table into rows
// sorted by id, checking the schema on the way. Every buffer is released
// before it returns.
func readAllTypesArrow(t *testing.T, server, path string) []allTypesRow {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%s: %v", server, err)
	}
	defer f.Close()
	rdr, err := ipc.NewReader(f, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatalf("%s: read %s: %v", server, path, err)
	}
	defer rdr.Release()

	sc := rdr.Schema()
	names := datagen.AllTypesColumns()
	types := allTypesArrowTypes()
	if sc.NumFields() != len(names) {
		t.Fatalf("%s: %d columns in the stream, want %d: %s", server, sc.NumFields(), len(names), sc)
	}
	fsp := make([]int, len(names))
	for i, f := range sc.Fields() {
		if f.Name != names[i] {
			t.Fatalf("%s: column %d is %q, want %q", server, i, f.Name, names[i])
		}
		if !arrow.TypeEqual(f.Type, types[f.Name]) {
			t.Errorf("%s: column %s is %s, want %s", server, f.Name, f.Type, types[f.Name])
		}
		fsp[i] = fractionDigits(f)
	}

	var rows []allTypesRow
	for rdr.Next() {
		rec := rdr.RecordBatch()
		ids, ok := rec.Column(0).(*array.Int64)
		if !ok {
			t.Fatalf("%s: id column is %s", server, rec.Column(0).DataType())
		}
		for r := range int(rec.NumRows()) {
			if ids.IsNull(r) {
				t.Fatalf("%s: NULL id", server)
			}
			row := allTypesRow{id: ids.Value(r), vals: make([]any, rec.NumCols())}
			for c, col := range rec.Columns() {
				v, err := cellValue(col, r, fsp[c])
				if err != nil {
					t.Fatalf("%s: row id %d, column %s: %v", server, row.id, names[c], err)
				}
				row.vals[c] = v
			}
			rows = append(rows, row)
		}
	}
	if err := rdr.Err(); err != nil {
		t.Fatalf("%s: read %s: %v", server, path, err)
	}
	slices.SortFunc(rows, func(a, b allTypesRow) int { return cmp.Compare(a.id, b.id) })
	return rows
}

// fractionDigits is the fsp of a DATETIME, TIMESTAMP or TIME column, read
// from its "mysql.type" metadata ("datetime(3)"), or 0.
func fractionDigits(f arrow.Field) int {
	typ, _ := f.Metadata.GetValue("mysql.type")
	open := strings.IndexByte(typ, '(')
	if open < 0 || !strings.HasSuffix(typ, ")") {
		return 0
	}
	switch typ[:open] {
	case "datetime", "timestamp", "time":
		n, err := strconv.Atoi(typ[open+1 : len(typ)-1])
		if err != nil {
			return 0
		}
		return n
	}
	return 0
}

// cellValue converts row r of col to the Go form datagen.AllTypesRows uses:
// int64 or uint64 for integers, float32 and float64, server text for
// decimals, dates, datetimes and times, string, and a copy of binary
// values. It returns nil for NULL.
func cellValue(col arrow.Array, r, fsp int) (any, error) {
	if col.IsNull(r) {
		return nil, nil
	}
	switch a := col.(type) {
	case *array.Int8:
		return int64(a.Value(r)), nil
	case *array.Int16:
		return int64(a.Value(r)), nil
	case *array.Int32:
		return int64(a.Value(r)), nil
	case *array.Int64:
		return a.Value(r), nil
	case *array.Uint8:
		return uint64(a.Value(r)), nil
	case *array.Uint16:
		return uint64(a.Value(r)), nil
	case *array.Uint32:
		return uint64(a.Value(r)), nil
	case *array.Uint64:
		return a.Value(r), nil
	case *array.Float32:
		return a.Value(r), nil
	case *array.Float64:
		return a.Value(r), nil
	case *array.Decimal128:
		return decimalString(a.Value(r).BigInt(), a.DataType().(*arrow.Decimal128Type).Scale), nil
	case *array.Decimal256:
		return decimalString(a.Value(r).BigInt(), a.DataType().(*arrow.Decimal256Type).Scale), nil
	case *array.Date32:
		return time.Unix(int64(a.Value(r))*86400, 0).UTC().Format(time.DateOnly), nil
	case *array.Timestamp:
		if u := a.DataType().(*arrow.TimestampType).Unit; u != arrow.Microsecond {
			return nil, fmt.Errorf("timestamp unit %s, want us", u)
		}
		us := int64(a.Value(r))
		t := time.UnixMicro(us).UTC()
		return t.Format(time.DateTime) + fraction(uint64(t.Nanosecond()/1000), fsp), nil
	case *array.Duration:
		if u := a.DataType().(*arrow.DurationType).Unit; u != arrow.Microsecond {
			return nil, fmt.Errorf("duration unit %s, want us", u)
		}
		return clockString(int64(a.Value(r)), fsp), nil
	case *array.String:
		return strings.Clone(a.Value(r)), nil
	case *array.Binary:
		return bytes.Clone(a.Value(r)), nil
	}
	return nil, fmt.Errorf("unexpected Arrow type %s", col.DataType())
}

// decimalString writes an unscaled decimal with scale fraction digits, as
// the server prints DECIMAL: "-999.99", "0.000001", "0.00".
func decimalString(unscaled *big.Int, scale int32) string {
	digits := new(big.Int).Abs(unscaled).String()
	if scale > 0 {
		if short := int(scale) + 1 - len(digits); short > 0 {
			digits = strings.Repeat("0", short) + digits
		}
		point := len(digits) - int(scale)
		digits = digits[:point] + "." + digits[point:]
	}
	if unscaled.Sign() < 0 {
		digits = "-" + digits
	}
	return digits
}

// fraction is ".ffffff" cut to fsp digits, "" for fsp 0. Should the value
// hold digits the column cannot, all six are shown, so the text cannot
// match the expected one by hiding them.
func fraction(micros uint64, fsp int) string {
	s := fmt.Sprintf("%06d", micros)
	if strings.Trim(s[fsp:], "0") != "" {
		fsp = 6
	}
	if fsp == 0 {
		return ""
	}
	return "." + s[:fsp]
}

// clockString writes a TIME in microseconds as the server prints it:
// "-838:59:59", "00:00:00.000001"; hours are not wrapped at 24.
func clockString(us int64, fsp int) string {
	sign, u := "", uint64(us)
	if us < 0 {
		sign, u = "-", -u
	}
	secs := u / 1_000_000
	return fmt.Sprintf("%s%02d:%02d:%02d", sign, secs/3600, secs/60%60, secs%60) + fraction(u%1_000_000, fsp)
}

// compareAllTypes checks that got holds exactly the rows of want, ids
// 1..len(want), every cell equal.
func compareAllTypes(t *testing.T, server string, flavor schema.Flavor, got []allTypesRow, want [][]any) {
	names := datagen.AllTypesColumns()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", server, len(got), len(want))
	}
	for i, row := range got {
		if i >= len(want) || row.id != int64(i+1) {
			t.Fatalf("%s: row %d of the sorted stream has id %d, want %d (missing or duplicate rows)", server, i, row.id, i+1)
		}
		for c, name := range names {
			g, w := row.vals[c], want[i][c]
			if name == "c_json" && flavor != schema.MariaDB && g != nil && w != nil {
				if err := sameJSON(g.(string), w.(string)); err != nil {
					t.Errorf("%s: row id %d, column %s: %v\n got %s\nwant %s", server, row.id, name, err, show(g), show(w))
				}
				continue
			}
			if !sameValue(g, w) {
				t.Errorf("%s: row id %d, column %s: got %s, want %s%s", server, row.id, name, show(g), show(w), firstDifference(g, w))
			}
		}
	}
}

// sameValue compares a value read back with the one AllTypesRows lists,
// exactly: floats by their bits, YEAR's Uint16 against its int64.
func sameValue(got, want any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case int64:
		switch g := got.(type) {
		case int64:
			return g == w
		case uint64:
			return w >= 0 && g == uint64(w)
		}
	case uint64:
		g, ok := got.(uint64)
		return ok && g == w
	case float32:
		g, ok := got.(float32)
		return ok && math.Float32bits(g) == math.Float32bits(w)
	case float64:
		g, ok := got.(float64)
		return ok && math.Float64bits(g) == math.Float64bits(w)
	case string:
		g, ok := got.(string)
		return ok && g == w
	case []byte:
		g, ok := got.([]byte)
		return ok && bytes.Equal(g, w)
	}
	return false
}

// firstDifference says at which byte two texts or byte strings part, for
// values too long to show whole; "" for other values.
func firstDifference(got, want any) string {
	var g, w []byte
	switch want := want.(type) {
	case string:
		gs, ok := got.(string)
		if !ok {
			return ""
		}
		g, w = []byte(gs), []byte(want)
	case []byte:
		gb, ok := got.([]byte)
		if !ok {
			return ""
		}
		g, w = gb, want
	default:
		return ""
	}
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	return fmt.Sprintf(" (first difference at byte %d)", i)
}

// show renders a value for a failure message, cutting long text and bytes.
func show(v any) string {
	const limit = 80
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		if len(v) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(v[cut]) {
				cut--
			}
			return fmt.Sprintf("%q... (%d bytes)", v[:cut], len(v))
		}
		return fmt.Sprintf("%q", v)
	case []byte:
		if len(v) > limit {
			return fmt.Sprintf("x'%s'... (%d bytes)", hex.EncodeToString(v[:limit]), len(v))
		}
		return fmt.Sprintf("x'%s'", hex.EncodeToString(v))
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// sameJSON compares two JSON documents by meaning: objects regardless of
// key order, numbers by exact value (1e3 is 1000.0, -0 is 0).
func sameJSON(got, want string) error {
	g, err := jsonMeaning(got)
	if err != nil {
		return fmt.Errorf("got: %w", err)
	}
	w, err := jsonMeaning(want)
	if err != nil {
		return fmt.Errorf("want: %w", err)
	}
	if reflect.DeepEqual(g, w) {
		return nil
	}
	if d := jsonDiff("$", g, w); d != "" {
		return errors.New(d)
	}
	return errors.New("documents differ")
}

// jsonDiff names the first place where two documents from jsonMeaning
// differ, as a path like $.nested.list[2]; "" when they are equal.
func jsonDiff(path string, got, want any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: got %s, want an object", path, jsonShow(got))
		}
		keys := slices.Sorted(maps.Keys(w))
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			gv, inGot := g[k]
			wv, inWant := w[k]
			switch {
			case !inGot:
				return fmt.Sprintf("%s: key %q missing", path, k)
			case !inWant:
				return fmt.Sprintf("%s: unexpected key %q", path, k)
			}
			if d := jsonDiff(path+"."+k, gv, wv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s: got %s, want an array", path, jsonShow(got))
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s: %d elements, want %d", path, len(g), len(w))
		}
		for i := range w {
			if d := jsonDiff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("%s: got %s, want %s", path, jsonShow(got), jsonShow(want))
	}
	return ""
}

// jsonShow renders a decoded JSON value, numbers as exact rationals.
func jsonShow(v any) string {
	switch v := v.(type) {
	case jsonRat:
		return "number " + string(v)
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

// jsonRat is a JSON number as an exact rational ("1000", "1/400"), a type
// of its own so that it never equals a JSON string.
type jsonRat string

func jsonMeaning(doc string) (any, error) {
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the document (%v)", err)
	}
	return exactNumbers(v)
}

// exactNumbers replaces every json.Number in v by its jsonRat.
func exactNumbers(v any) (any, error) {
	switch v := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		if !ok {
			return nil, fmt.Errorf("number %q", v)
		}
		return jsonRat(r.RatString()), nil
	case []any:
		for i := range v {
			e, err := exactNumbers(v[i])
			if err != nil {
				return nil, err
			}
			v[i] = e
		}
	case map[string]any:
		for k := range v {
			e, err := exactNumbers(v[k])
			if err != nil {
				return nil, err
			}
			v[k] = e
		}
	}
	return v, nil
}

// csvCell is one CSV field: its text and whether it was an unquoted empty
// field, which sink/csv.go writes for NULL only.
type csvCell struct {
	text string
	null bool
}

func (c csvCell) String() string {
	if c.null {
		return "NULL"
	}
	return strconv.Quote(c.text)
}

// checkAllTypesCSV parses the CSV file and checks the header, the row
// count and the cells whose encoding is easiest to get wrong.
func checkAllTypesCSV(t *testing.T, server, path string, rows int) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", server, err)
	}
	lines := strings.Split(string(data), "\n") // FieldPos is in these lines
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %s header: %v", server, path, err)
	}
	if !slices.Equal(header, datagen.AllTypesColumns()) {
		t.Fatalf("%s: CSV header %q, want %q", server, header, datagen.AllTypesColumns())
	}
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}
	cells := map[int64][]csvCell{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %s: %v", server, path, err)
		}
		row := make([]csvCell, len(rec))
		for i, text := range rec {
			line, column := r.FieldPos(i)
			raw := lines[line-1]
			quoted := column-1 < len(raw) && raw[column-1] == '"'
			row[i] = csvCell{text: text, null: text == "" && !quoted}
		}
		id, err := strconv.ParseInt(rec[col["id"]], 10, 64)
		if err != nil {
			t.Fatalf("%s: CSV id %q: %v", server, rec[col["id"]], err)
		}
		if _, dup := cells[id]; dup {
			t.Errorf("%s: CSV row id %d appears twice", server, id)
		}
		cells[id] = row
	}
	if len(cells) != rows {
		t.Errorf("%s: %d CSV rows, want %d", server, len(cells), rows)
	}

	null := csvCell{null: true}
	text := func(s string) csvCell { return csvCell{text: s} }
	nines := func(n int) string { return strings.Repeat("9", n) }
	tests := []struct {
		id   int64
		col  string
		want csvCell
	}{
		{3, "c_varchar_255", null},
		{4, "c_varchar_255", text("")}, // written as "", not as NULL
		{3, "c_tinyblob", null},
		{4, "c_tinyblob", text("")},
		{1, "c_tinyblob", text("00")},
		{5, "c_binary_16", text("00697427735c227100ff" + "000000000000")},
		{2, "c_binary_16", text(strings.Repeat("ff", 16))},
		{2, "c_time", text("838:59:59.000000")},
		{1, "c_time", text("-838:59:59.000000")},
		{5, "c_time_6", text("-00:00:00.000001")},
		{2, "c_bigint_u", text("18446744073709551615")},
		{1, "c_bigint", text("-9223372036854775808")},
		{1, "c_decimal_65_30", text("-" + nines(35) + "." + nines(30))},
		{5, "c_decimal_65_30", text("-0." + strings.Repeat("0", 29) + "1")},
		{4, "c_decimal_5_2", text("0.00")},
		{1, "c_float", text("-3.4e+38")},
		{5, "c_float", text("0.1")},
		{5, "c_double", text("2.2250738585072014e-308")},
		{2, "c_timestamp_6", text("2038-01-18T23:59:59.999999Z")},
		{1, "c_datetime", text("1000-01-01T00:00:00.000000")},
		{1, "c_date", text("1000-01-01")},
		{4, "c_year", text("0")},
		{4, "c_set", text("")},
		{5, "c_varchar_255", text("it's \"q\" \\ \n\t\x00 🚀 ")},
		{5, "we`ird col", text("it's \"q\" \\ \n\t\x00 🚀 ")},
		{3, "c_json", null},
		{4, "c_json", text("{}")},
	}
	for _, tt := range tests {
		row, ok := cells[tt.id]
		if !ok {
			t.Errorf("%s: CSV has no row id %d", server, tt.id)
			continue
		}
		c, ok := col[tt.col]
		if !ok {
			t.Errorf("%s: CSV has no column %s", server, tt.col)
			continue
		}
		if got := row[c]; got != tt.want {
			t.Errorf("%s: CSV row id %d, column %s: got %s, want %s", server, tt.id, tt.col, got, tt.want)
		}
	}
}

// checkAllTypesParquet reads the Parquet footer: the row count, and ZSTD,
// the default codec, on every column chunk.
func checkAllTypesParquet(t *testing.T, server, path string, rows int) {
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("%s: open %s: %v", server, path, err)
	}
	defer rdr.Close()
	if n := rdr.NumRows(); n != int64(rows) {
		t.Errorf("%s: Parquet footer says %d rows, want %d", server, n, rows)
	}
	md := rdr.MetaData()
	if md.NumRowGroups() == 0 {
		t.Fatalf("%s: Parquet file has no row group", server)
	}
	names := datagen.AllTypesColumns()
	for g := range md.NumRowGroups() {
		rg := md.RowGroup(g)
		if rg.NumColumns() != len(names) {
			t.Errorf("%s: row group %d has %d columns, want %d", server, g, rg.NumColumns(), len(names))
		}
		for c := range rg.NumColumns() {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatalf("%s: row group %d column %d: %v", server, g, c, err)
			}
			if codec := cc.Compression(); codec != compress.Codecs.Zstd {
				t.Errorf("%s: row group %d, column %s: codec %s, want ZSTD", server, g, names[c], codec)
			}
		}
	}
}
