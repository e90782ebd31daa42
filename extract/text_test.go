package extract_test

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
	"github.com/parity-db/parity/testbed"
)

// countText passes a sink's tables through and counts the batches they
// are given as text.
type countText struct {
	extract.Sink
	mu    sync.Mutex
	texts map[string]int64 // per table
}

func (c *countText) Open(t *schema.Table, s *arrow.Schema) (extract.TableSink, error) {
	ts, err := c.Sink.Open(t, s)
	if err != nil {
		return ts, err
	}
	return &countTextTable{TableSink: ts, c: c, table: t.Name}, nil
}

func (c *countText) counts() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.texts)
}

type countTextTable struct {
	extract.TableSink
	c     *countText
	table string
}

func (ct *countTextTable) RowText(zero extract.ZeroDatePolicy) extract.RowText {
	return rowTextOf(ct.TableSink, zero)
}

func (ct *countTextTable) WriteText(text []byte, rows int64) error {
	ct.c.mu.Lock()
	if ct.c.texts == nil {
		ct.c.texts = map[string]int64{}
	}
	ct.c.texts[ct.table]++
	ct.c.mu.Unlock()
	return ct.TableSink.(extract.TextSink).WriteText(text, rows)
}

// arrowSink hides its tables' text path, so rows go through Arrow batches.
type arrowSink struct{ extract.Sink }

func (a arrowSink) Open(t *schema.Table, s *arrow.Schema) (extract.TableSink, error) {
	ts, err := a.Sink.Open(t, s)
	return arrowOnly{ts}, err
}

// Rows written to CSV as text from the driver's values make the same file,
// byte for byte, as the same rows decoded into Arrow batches and encoded
// from them, for every column type the text path takes (integers of every
// width and sign at their limits, DECIMAL at its limits, DATE, DATETIME and
// TIMESTAMP of every precision with zero, partial-zero and impossible
// dates among them, text in several character sets, ENUM, SET, JSON,
// binary), NULLs, and every byte a dialect quotes or escapes; in every
// dialect and compressed; with the same row, byte and zero-date counts;
// under the zero-date policy "error" both fail the same way. A table with
// a column the text path does not take (DOUBLE) is read into Arrow.
func TestTextRowsMatchArrow(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "textrows")
		p := s.Open(t, db, 4)
		testbed.Exec(t, p,
			`CREATE TABLE every (id INT PRIMARY KEY,
				ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED,
				i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
				c CHAR(10), vc VARCHAR(40), tx TEXT, lat VARCHAR(10) CHARACTER SET latin1, ci VARCHAR(10) COLLATE utf8mb4_general_ci,
				e ENUM('a','b,c','q"q',' lead'), st SET('x','y','z q'), j JSON,
				b BINARY(4), vb VARBINARY(16), bl BLOB,
				dm DECIMAL(10,2), dz DECIMAL(5,0), df DECIMAL(4,4), dw DECIMAL(65,30))`,
			`INSERT INTO every VALUES
				(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
				 '', '', '', '', '', 'a', '', '{}', x'00000000', x'', x'', -99999999.99, -99999, -0.9999, -99999999999999999999999999999999999.999999999999999999999999999999),
				(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
				 ' lead', 'a,b', 'q"q', 'café', 'tab	', 'b,c', 'x,y,z q', '{"a": [1, "x,y"], "b": null}', x'ff00ff00', x'0a0d2c22', x'5c4e', 99999999.99, 99999, 0.9999, 99999999999999999999999999999999999.999999999999999999999999999999),
				(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
				 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
				(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 9223372036854775808,
				 'l\nf', 'c\rr', '\\N', 'NULL', '\\.', 'q"q', '', '"str\\n"', x'01020304', x'00', x'1a', 0, 0, 0, 0),
				(5, -1, 200, -1, 40000, -1, 9000000, -1, 3000000000, -1, 12345678901234567890,
				 '😀', '\\', 'back\\slash', '\t', ' ', ' lead', 'y', '[1.5, -0, 1e3]', x'20202020', x'ffffffffffffffff', REPEAT(x'ab', 300), -0.05, -1, 0.0001, -0.000000000000000000000000000001)`,
			`INSERT INTO every (id, i, vc, tx, bl, dm)
			 SELECT 100 + a.d*100 + b.d*10 + c.d, a.d*b.d - c.d, CONCAT('row ', a.d, ',', b.d), REPEAT(CONCAT(c.d, '"'), a.d), UNHEX(REPEAT('0d', b.d)),
			        (a.d*100 + b.d*10 + c.d - 500) / 7
			 FROM (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) a,
			      (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b,
			      (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) c`,
			"CREATE TABLE floats (id INT PRIMARY KEY, f DOUBLE)",
			"INSERT INTO floats VALUES (1, 0.1), (2, NULL)",
			"ANALYZE TABLE every, floats")
		// Dates, zero dates among them, stored as a server in a lax mode
		// keeps them.
		c, err := p.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"SET SESSION sql_mode = 'ALLOW_INVALID_DATES'",
			`CREATE TABLE dated (id INT PRIMARY KEY, d DATE, dt DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts TIMESTAMP(6) NULL, n INT)`,
			`INSERT INTO dated VALUES
				(1, '2024-02-29', '2024-02-29 23:59:59', '2024-02-29 23:59:59.999', '2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.999999', 1),
				(2, '0000-00-00', '0000-00-00 00:00:00', '2024-00-10 00:00:00.5', '2024-02-31 12:00:00', '1970-01-01 00:00:01', 2),
				(3, '1000-01-01', '1000-01-01 00:00:00', '9999-12-31 23:59:59.999', '0001-01-01 00:00:00.000001', NULL, 3),
				(4, '2024-06-00', '2024-04-31 01:02:03', '0000-00-00 00:00:00', '2024-01-01 00:00:00.100000', '2000-02-29 12:34:56.5', 4),
				(5, NULL, NULL, NULL, NULL, NULL, NULL),
				(6, '9999-12-31', '9999-12-31 23:59:59', '1970-01-01 00:00:00.001', '1969-12-31 23:59:59.999999', '1970-01-01 00:00:00.000001', 6)`,
			"ANALYZE TABLE dated"} {
			if _, err := c.ExecContext(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		c.Close()
		tables := inspectAll(t, p, db)
		// run extracts tables as CSV, as text where the sink allows it or
		// through Arrow, and returns the result, the directory and the
		// text batches per table.
		run := func(t *testing.T, dialect sink.Dialect, compression string, zero extract.ZeroDatePolicy, text bool) (*extract.Result, string, map[string]int64, error) {
			dir := t.TempDir()
			out, err := sink.New(sink.CSV, sink.Options{Dir: dir, CSVDialect: dialect, Compression: compression})
			if err != nil {
				t.Fatal(err)
			}
			counted := &countText{Sink: out}
			var into extract.Sink = counted
			if !text {
				into = arrowSink{counted}
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			// One worker, chunks in key order: the two files must be equal
			// as they are, not only as sets of lines.
			res, err := extract.Run(context.Background(), p, tables, into,
				extract.Options{Workers: 1, ChunkRows: 300, BatchRows: 64, Alloc: mem, ZeroDates: zero})
			mem.AssertSize(t, 0)
			return res, dir, counted.counts(), err
		}
		for _, dialect := range sink.Dialects {
			for _, compression := range []string{"none", "gzip"} {
				t.Run(fmt.Sprintf("%s/%s", dialect, compression), func(t *testing.T) {
					textRes, textDir, texts, err := run(t, dialect, compression, extract.ZeroDatesNull, true)
					if err != nil {
						t.Fatal(err)
					}
					arrowRes, arrowDir, _, err := run(t, dialect, compression, extract.ZeroDatesNull, false)
					if err != nil {
						t.Fatal(err)
					}
					for _, table := range []string{"every", "dated"} {
						if texts[table] == 0 {
							t.Errorf("%s: no batch went as text", table)
						}
					}
					if texts["floats"] != 0 {
						t.Errorf("floats: %d batches went as text; DOUBLE text comes from Arrow", texts["floats"])
					}
					byName := map[string]extract.TableResult{}
					for _, ar := range arrowRes.Tables {
						byName[ar.Name] = ar
					}
					if len(byName) != 3 || len(textRes.Tables) != 3 {
						t.Fatalf("tables %d as text, %d through Arrow; want 3", len(textRes.Tables), len(byName))
					}
					for _, tr := range textRes.Tables {
						ar := byName[tr.Name]
						if tr.Name == "dated" && len(tr.ZeroDates) == 0 {
							t.Errorf("dated: no zero dates counted; the table holds some")
						}
						if tr.Name != ar.Name || tr.Rows != ar.Rows || tr.Bytes != ar.Bytes || !maps.Equal(tr.ZeroDates, ar.ZeroDates) {
							t.Errorf("%s: %d rows, %d bytes, zero dates %v as text; %s: %d rows, %d bytes, zero dates %v through Arrow",
								tr.Name, tr.Rows, tr.Bytes, tr.ZeroDates, ar.Name, ar.Rows, ar.Bytes, ar.ZeroDates)
						}
						got, want := csvContent(t, textDir, tr), csvContent(t, arrowDir, ar)
						if got != want {
							t.Errorf("%s: the file written as text differs from the one written through Arrow:\n%s\n---\n%s", tr.Name, got, want)
						}
					}
				})
			}
		}
		t.Run("zero dates are errors", func(t *testing.T) {
			_, _, _, textErr := run(t, sink.RFC4180, "none", extract.ZeroDatesError, true)
			_, _, _, arrowErr := run(t, sink.RFC4180, "none", extract.ZeroDatesError, false)
			var te, ae *extract.ZeroDateError
			if !errors.As(textErr, &te) || !errors.As(arrowErr, &ae) || *te != *ae {
				t.Errorf("as text: %v; through Arrow: %v; want the same ZeroDateError", textErr, arrowErr)
			}
		})
	})
}

// csvContent is the text of a table's one CSV file, decompressed.
func csvContent(t *testing.T, dir string, tr extract.TableResult) string {
	t.Helper()
	if len(tr.Output.Files) != 1 {
		t.Fatalf("%s: files %v", tr.Name, tr.Output.Files)
	}
	name := tr.Output.Files[0]
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if filepath.Ext(name) == ".gz" {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
