package verify

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// keyDiffs lists a result's differences as "kind key" with the key's
// display values joined by "/", sorted.
func keyDiffs(r *Result) []string {
	var out []string
	for _, tr := range r.Tables {
		for _, d := range tr.Diffs {
			keys := make([]string, 0, len(d.Key))
			for _, k := range slices.Sorted(mapKeys(d.Key)) {
				keys = append(keys, d.Key[k])
			}
			out = append(out, d.Kind+" "+strings.Join(keys, "/"))
		}
	}
	slices.Sort(out)
	return out
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// countRows is SELECT COUNT(*) of a table on one side.
func countRows(t *testing.T, p pair, source bool, table string) int64 {
	t.Helper()
	pool, db := p.src, p.srcDB
	if !source {
		pool, db = p.tgt, p.tgtDB
	}
	var n int64
	if err := pool.DB.QueryRow("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fixAndReverify writes fix SQL for p, applies it to the target and
// verifies again, which must find the copies equal.
func fixAndReverify(t *testing.T, p pair, o Options) *Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fix.sql")
	fix, err := CreateFixSQL(path, FixHeader{Source: "src", Target: "tgt", Generated: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	o.Fix = fix
	res := run(t, p, o)
	if err := fix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ApplyFix(context.Background(), p.tgt, path); err != nil {
		t.Fatalf("apply fix SQL: %v", err)
	}
	o.Fix = nil
	if again := run(t, p, o); !again.Equal() {
		t.Errorf("after the fix SQL: %s, %v", again.Status, keyDiffs(again))
	}
	return res
}

// A key whose collation differs between the sides (PAD SPACE, case- and
// accent-insensitive on the source; NO PAD or binary on the target) changed
// on the target into a key the source's collation calls equal: the source
// key is missing and the target's is extra, each once, in any chunk; the
// target's row count is its COUNT(*); the fix SQL converges.
func TestVerifyKeyCollationDrift(t *testing.T) {
	for _, coll := range []string{"utf8mb4_0900_ai_ci", "utf8mb4_bin", "utf8mb4_0900_bin"} {
		t.Run(coll, func(t *testing.T) {
			p := migrationPair(t, "drift")
			testbed.Exec(t, p.src, "CREATE TABLE k (name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)")
			testbed.Exec(t, p.tgt, "CREATE TABLE k (name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE "+coll+" PRIMARY KEY, v INT)")
			fillKeys(t, &p, 2000)
			for _, q := range []string{"INSERT INTO k VALUES ('def', 1), ('emoji🍣', 2), ('abc', 3), ('zz', 4)"} {
				testbed.Exec(t, p.src, q)
				testbed.Exec(t, p.tgt, q)
			}
			o := Options{Mode: Stream, ChunkRows: 97, Workers: 4}
			if res := run(t, p, o); !res.Equal() {
				t.Fatalf("equal copies: %s %v", res.Status, keyDiffs(res))
			}
			testbed.Exec(t, p.tgt, "UPDATE k SET name = 'def ' WHERE name = 'def'",
				"UPDATE k SET name = 'emoji🍤' WHERE name = 'emoji🍣'",
				"UPDATE k SET name = 'ABC' WHERE name = 'abc'")
			tgtRows := countRows(t, p, false, "k")
			res := fixAndReverify(t, p, o)
			want := []string{"extra ABC", "extra def ", "extra emoji🍤", "missing abc", "missing def", "missing emoji🍣"}
			if got := keyDiffs(res); !slices.Equal(got, want) {
				t.Errorf("differences %q, want %q", got, want)
			}
			k := tableResult(t, res, "k")
			if k.Missing != 3 || k.Extra != 3 || k.Changed != 0 {
				t.Errorf("counts missing %d extra %d changed %d, want 3 3 0", k.Missing, k.Extra, k.Changed)
			}
			if k.TargetRows != tgtRows || k.SourceRows != 2004 {
				t.Errorf("rows source %d target %d, want 2004 and the target's COUNT(*) %d", k.SourceRows, k.TargetRows, tgtRows)
			}
		})
	}
}

// A source whose key collation tells 'x' from 'x ' (NO PAD) and a target
// whose PAD SPACE collation cannot: the target holds one of them, and the
// other is missing and cannot be fixed by SQL; the fix file says so.
func TestVerifyKeyCollationConflict(t *testing.T) {
	p := pair{srcS: testbed.Get(t, "new"), tgtS: testbed.Get(t, "old")}
	p.srcDB, p.tgtDB = p.srcS.Database(t, "conflict"), p.tgtS.Database(t, "conflict")
	p.src, p.tgt = p.srcS.Open(t, p.srcDB, 8), p.tgtS.Open(t, p.tgtDB, 8)
	testbed.Exec(t, p.src, "CREATE TABLE k (name VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci PRIMARY KEY, v INT)",
		"INSERT INTO k VALUES ('a', 1), ('x', 2), ('x ', 3), ('y', 4)")
	testbed.Exec(t, p.tgt, "CREATE TABLE k (name VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)",
		"INSERT INTO k VALUES ('a', 1), ('x', 2), ('y', 4)")
	path := filepath.Join(t.TempDir(), "fix.sql")
	fix, err := CreateFixSQL(path, FixHeader{Generated: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	defer fix.Abort()
	res := run(t, p, Options{Mode: Stream, ChunkRows: 2, Fix: fix})
	if got := keyDiffs(res); !slices.Equal(got, []string{"missing x "}) {
		t.Errorf("differences %q, want the one missing key", got)
	}
	if fix.SkippedTotal() != 1 || fix.Statements() != 0 {
		t.Errorf("fix: %d statements, %v left out; want none written and one left out", fix.Statements(), fix.Skipped())
	}
	if sk := fix.Skipped(); len(sk) != 1 || sk[0].Reason != fixWhyCollation {
		t.Errorf("reason %v", sk)
	}
}

// Every key type bounds chunks and names rows: unsigned keys up to 2^64-1,
// negative and TINYINT bounds, DECIMAL keys whose scale widened on the
// target, composite keys of mixed types and BINARY(16); differences at the
// first and last key and at chunk edges are each found once.
func TestVerifyKeyTypes(t *testing.T) {
	tests := []struct {
		name, src, tgt string
		rows           []string // value lists for INSERT, (k..., v)
		plant          []string // statements on the target
		want           []string
	}{
		{
			name: "bigint unsigned",
			src:  "k BIGINT UNSIGNED PRIMARY KEY, v INT", tgt: "k BIGINT UNSIGNED PRIMARY KEY, v INT",
			rows: unsignedRows(),
			plant: []string{"DELETE FROM k WHERE k = 18446744073709551615", "UPDATE k SET v = -1 WHERE k = 9223372036854775808",
				"DELETE FROM k WHERE k = 0", "INSERT INTO k VALUES (18446744073709551614, 0)"},
			want: []string{"changed 9223372036854775808", "extra 18446744073709551614", "missing 0", "missing 18446744073709551615"},
		},
		{
			name: "tinyint bounds",
			src:  "k TINYINT PRIMARY KEY, v INT", tgt: "k SMALLINT PRIMARY KEY, v INT",
			rows:  rangeRows(-128, 127),
			plant: []string{"DELETE FROM k WHERE k IN (-128, 127)", "UPDATE k SET v = 0 WHERE k = -1", "INSERT INTO k VALUES (128, 1)"},
			want:  []string{"changed -1", "extra 128", "missing -128", "missing 127"},
		},
		{
			name: "decimal widened",
			src:  "k DECIMAL(10,2) PRIMARY KEY, v INT", tgt: "k DECIMAL(12,4) PRIMARY KEY, v INT",
			rows:  decimalRows(),
			plant: []string{"INSERT INTO k VALUES (1.2345, 0), (-0.0001, 0), (99999999.9999, 0)", "DELETE FROM k WHERE k = -5.00"},
			want:  []string{"extra -0.0001", "extra 1.2345", "extra 99999999.9999", "missing -5.00"},
		},
		{
			name: "composite",
			src:  "a VARCHAR(10), b DATETIME, c INT, v INT, PRIMARY KEY (a, b, c)", tgt: "a VARCHAR(10), b DATETIME(3), c BIGINT, v INT, PRIMARY KEY (a, b, c)",
			rows: compositeRows(),
			plant: []string{"DELETE FROM k WHERE a = 'a' AND b = '2024-01-01' AND c = 0", "UPDATE k SET v = 9 WHERE a = 'm' AND b = '2024-01-01' AND c = 7",
				"INSERT INTO k VALUES ('m', '2024-01-01 00:00:00.5', 7, 1)"},
			want: []string{"changed m/2024-01-01 00:00:00/7", "extra m/2024-01-01 00:00:00.500/7", "missing a/2024-01-01 00:00:00/0"},
		},
		{
			name: "binary(16)",
			src:  "k BINARY(16) PRIMARY KEY, v INT", tgt: "k BINARY(16) PRIMARY KEY, v INT",
			rows:  binaryRows(),
			plant: []string{"DELETE FROM k WHERE k = UNHEX('00000000000000000000000000000000')", "UPDATE k SET v = 0 WHERE k = UNHEX('ffffffffffffffffffffffffffffffff')"},
			want:  []string{"changed 0xffffffffffffffffffffffffffffffff", "missing 0x00000000000000000000000000000000"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := migrationPair(t, "keys")
			testbed.Exec(t, p.src, "CREATE TABLE k ("+tc.src+")")
			testbed.Exec(t, p.tgt, "CREATE TABLE k ("+tc.tgt+")")
			for i := 0; i < len(tc.rows); i += 200 {
				q := "INSERT INTO k VALUES " + strings.Join(tc.rows[i:min(i+200, len(tc.rows))], ",")
				testbed.Exec(t, p.src, q)
				testbed.Exec(t, p.tgt, q)
			}
			o := Options{Mode: Stream, ChunkRows: 7, Workers: 3}
			if res := run(t, p, o); !res.Equal() {
				t.Fatalf("equal copies: %s %v", res.Status, keyDiffs(res))
			}
			testbed.Exec(t, p.tgt, tc.plant...)
			srcRows, tgtRows := countRows(t, p, true, "k"), countRows(t, p, false, "k")
			res := fixAndReverify(t, p, o)
			if got := keyDiffs(res); !slices.Equal(got, tc.want) {
				t.Errorf("differences %q, want %q", got, tc.want)
			}
			if k := tableResult(t, res, "k"); k.TargetRows != tgtRows || k.SourceRows != srcRows {
				t.Errorf("rows %d/%d, want the tables' counts %d/%d", k.SourceRows, k.TargetRows, srcRows, tgtRows)
			}
		})
	}
}

// unsignedRows spreads BIGINT UNSIGNED keys over the whole range, most at
// or above 2^63: a key space so sparse that a small chunk size meets mostly
// empty ranges.
func unsignedRows() []string {
	set := map[uint64]bool{}
	for _, k := range []uint64{0, 1, 2, 1 << 62, 1<<63 - 1, 1 << 63, 1<<63 + 1, 1<<64 - 2<<10, 1<<64 - 3, 1<<64 - 1} {
		set[k] = true
	}
	step := uint64(1<<64-1) / 120
	for i := uint64(1); i < 120; i++ {
		set[step*i+i%7] = true
	}
	var rows []string
	for k := range set {
		rows = append(rows, fmt.Sprintf("(%d, 1)", k))
	}
	slices.Sort(rows)
	return rows
}

func rangeRows(lo, hi int) []string {
	var rows []string
	for k := lo; k <= hi; k++ {
		rows = append(rows, fmt.Sprintf("(%d, 1)", k))
	}
	return rows
}

func decimalRows() []string {
	var rows []string
	for i := -500; i < 500; i++ {
		rows = append(rows, fmt.Sprintf("(%.2f, 1)", float64(i)/100))
	}
	rows = append(rows, "(99999999.99, 1)", "(-99999999.99, 1)")
	return rows
}

func compositeRows() []string {
	var rows []string
	for _, a := range []string{"", "a", "B", "m", "zz"} {
		for d := range 4 {
			for c := range 10 {
				rows = append(rows, fmt.Sprintf("('%s', '2024-01-0%d 00:00:00', %d, 1)", a, d+1, c))
			}
		}
	}
	return rows
}

func binaryRows() []string {
	rows := []string{"(UNHEX('00000000000000000000000000000000'), 1)", "(UNHEX('ffffffffffffffffffffffffffffffff'), 1)"}
	for i := 1; i <= 200; i++ {
		rows = append(rows, fmt.Sprintf("(UNHEX('%016x%016x'), 1)", uint64(i)*0x9e3779b97f4a7c15, i))
	}
	return rows
}

// A target the load left half empty: every missing row is counted and
// fixed, and the drill reads the missing rows in batches, so the run costs
// a small multiple of an equal run, not a query per row.
func TestVerifyHalfLoadedTarget(t *testing.T) {
	p := migrationPair(t, "half")
	testbed.Exec(t, p.src, "CREATE TABLE h (id INT PRIMARY KEY, a VARCHAR(40), b DOUBLE)")
	testbed.Exec(t, p.tgt, "CREATE TABLE h (id INT PRIMARY KEY, a VARCHAR(40), b DOUBLE)")
	var rows []string
	for i := 1; i <= 20000; i++ {
		rows = append(rows, fmt.Sprintf("(%d, 'row %d', %d.5)", i, i, i))
	}
	for i := 0; i < len(rows); i += 1000 {
		q := "INSERT INTO h VALUES " + strings.Join(rows[i:i+1000], ",")
		testbed.Exec(t, p.src, q)
		testbed.Exec(t, p.tgt, q)
	}
	o := Options{Mode: Stream, ChunkRows: 2000, MaxDiffs: 100}
	start := time.Now()
	if res := run(t, p, o); !res.Equal() {
		t.Fatalf("equal copies: %s", res.Status)
	}
	equal := time.Since(start)
	testbed.Exec(t, p.tgt, "DELETE FROM h WHERE id % 2 = 0")
	start = time.Now()
	res := fixAndReverify(t, p, o)
	half := time.Since(start)
	h := tableResult(t, res, "h")
	if h.Missing != 10000 || h.Extra != 0 || h.Changed != 0 || len(h.Diffs) != 100 || h.DiffsOmitted != 9900 || res.RowDiffs != 10000 {
		t.Errorf("missing %d extra %d changed %d, listed %d omitted %d", h.Missing, h.Extra, h.Changed, len(h.Diffs), h.DiffsOmitted)
	}
	t.Logf("equal run %s, half-loaded run with fix SQL, apply and re-verify %s", equal, half)
	if half > 30*equal+10*time.Second {
		t.Errorf("half-loaded target took %s against %s for equal copies", half, equal)
	}
	testbed.Exec(t, p.tgt, "TRUNCATE h")
	res = fixAndReverify(t, p, o)
	if h := tableResult(t, res, "h"); h.Missing != 20000 || h.TargetRows != 0 {
		t.Errorf("empty target: missing %d, target rows %d", h.Missing, h.TargetRows)
	}
}

// restrictedPool opens a pool on s as a new account that may read only the
// given tables of db.
func restrictedPool(t *testing.T, s testbed.Server, admin *conn.Pool, db string, tables ...string) *conn.Pool {
	t.Helper()
	user := fmt.Sprintf("parity_ro_%d", time.Now().UnixNano()%1e9)
	testbed.Exec(t, admin, "CREATE USER '"+user+"'@'127.0.0.1' IDENTIFIED BY 'ro-pw'")
	t.Cleanup(func() { _, _ = admin.DB.Exec("DROP USER '" + user + "'@'127.0.0.1'") })
	for _, tbl := range tables {
		testbed.Exec(t, admin, "GRANT SELECT ON `"+db+"`.`"+tbl+"` TO '"+user+"'@'127.0.0.1'")
	}
	ep := s.Endpoint(t, db)
	ep.Config.User, ep.Config.Passwd = user, "ro-pw"
	p, err := conn.Open(context.Background(), ep, 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Tables an account may not read are invisible to it: a target account
// that sees only some tables never gets "equal", and both sides say when
// their privileges may hide tables.
func TestVerifyHiddenTables(t *testing.T) {
	p := migrationPair(t, "hidden")
	for _, pool := range []*conn.Pool{p.src, p.tgt} {
		testbed.Exec(t, pool, "CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE b (id INT PRIMARY KEY)", "INSERT INTO a VALUES (1)", "INSERT INTO b VALUES (1)")
	}
	full := p
	p.tgt = restrictedPool(t, p.tgtS, full.tgt, p.tgtDB, "a")
	for _, dataOnly := range []bool{false, true} {
		res := run(t, p, Options{DataOnly: dataOnly})
		var missing []string
		for _, f := range res.Schema {
			if f.Kind == "missing_table" {
				missing = append(missing, f.Table)
				if !strings.Contains(f.Message, "hidden from the target account") {
					t.Errorf("message %q does not mention privileges", f.Message)
				}
			}
		}
		if res.Equal() || !slices.Equal(missing, []string{p.srcDB + ".b"}) {
			t.Errorf("data-only %v: status %s, missing %v", dataOnly, res.Status, missing)
		}
		if !slices.ContainsFunc(res.Notes, func(n string) bool {
			return strings.HasPrefix(n, "target: account") && strings.Contains(n, "single tables")
		}) {
			t.Errorf("notes %q lack the target's hidden tables", res.Notes)
		}
	}
	p = full
	p.src = restrictedPool(t, p.srcS, full.src, p.srcDB, "a", "b")
	res := run(t, p, Options{})
	if !res.Equal() || !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.HasPrefix(n, "source: account") }) {
		t.Errorf("table-level source grants: status %s, notes %q", res.Status, res.Notes)
	}
}

// A target whose index on the source's key is not unique can hold a key
// twice: each extra copy is counted, and the fix deletes every copy of a
// key and inserts the source's row, so it converges.
func TestVerifyTargetKeyNotUnique(t *testing.T) {
	p := migrationPair(t, "dupkey")
	testbed.Exec(t, p.src, "CREATE TABLE d (id INT PRIMARY KEY, v VARCHAR(10))")
	testbed.Exec(t, p.tgt, "CREATE TABLE d (id INT NOT NULL, v VARCHAR(10), KEY ix_id (id))")
	var rows []string
	for i := 1; i <= 300; i++ {
		rows = append(rows, fmt.Sprintf("(%d, 'v%d')", i, i))
	}
	q := "INSERT INTO d VALUES " + strings.Join(rows, ",")
	testbed.Exec(t, p.src, q)
	testbed.Exec(t, p.tgt, q)
	o := Options{Mode: Stream, ChunkRows: 40, DataOnly: true} // the missing primary key is a schema finding
	if res := run(t, p, o); !res.Equal() {
		t.Fatalf("equal copies: %v", keyDiffs(res))
	}
	testbed.Exec(t, p.tgt, "INSERT INTO d VALUES (5, 'v5'), (7, 'other'), (300, 'v300')", "DELETE FROM d WHERE id = 9", "UPDATE d SET v = 'x' WHERE id = 11")
	res := fixAndReverify(t, p, o)
	d := tableResult(t, res, "d")
	if d.Extra != 3 || d.Missing != 1 || d.Changed != 1 || d.TargetRows != 302 {
		t.Errorf("extra %d missing %d changed %d target rows %d; want 3 1 1 302: %v", d.Extra, d.Missing, d.Changed, d.TargetRows, keyDiffs(res))
	}
}
