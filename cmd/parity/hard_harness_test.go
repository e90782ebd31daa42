package main

// The hard-migration suite (hard_*_test.go) runs the real parity binary
// against the testbed's servers on datagen's hard-migration tables, copied
// the way a migration copies them: mariadb-dump | the target's own client,
// into a target schema written for the target. Every expectation is
// computed by an oracle that reads both sides with plain SQL and compares
// values by what they mean (decimals by value, JSON by meaning, floats by
// their bits), never by asking parity. Run one class at a time:
//
//	go test ./cmd/parity -run 'TestHard/keys'
//	go test ./cmd/parity -run 'TestHard/collation/mariadb-mysql/coll_ai'
//
// PARITY_BIN=path uses a parity binary built elsewhere instead of building
// one from the tree.

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// hardSeed fills every hard table.
const hardSeed = 11

// verifyTimeLimit bounds one parity verify run of the suite's small
// tables, which take well under a second: a run that hangs fails its test
// instead of the whole package's time limit. verifyArgs.limit raises it
// for the big tables.
const verifyTimeLimit = 10 * time.Second

// bigTimeLimit bounds a verify run of a table holding values of 17 to 20
// MiB.
const bigTimeLimit = 30 * time.Second

// ---------------------------------------------------------------------------
// The parity binary

var builtParity struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// parityBinary returns the parity binary under test: $PARITY_BIN, or one
// built once from the tree for the whole test run (removed by TestMain).
func parityBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PARITY_BIN"); p != "" {
		return p
	}
	builtParity.once.Do(func() {
		builtParity.dir, builtParity.err = os.MkdirTemp("", "parity-hard-")
		if builtParity.err != nil {
			return
		}
		builtParity.path = filepath.Join(builtParity.dir, "parity")
		out, err := exec.Command("go", "build", "-o", builtParity.path, ".").CombinedOutput()
		if err != nil {
			builtParity.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if builtParity.err != nil {
		t.Fatalf("build parity: %v", builtParity.err)
	}
	return builtParity.path
}

// removeBuiltParity removes the binary parityBinary built, if any.
func removeBuiltParity() {
	if builtParity.dir != "" {
		_ = os.RemoveAll(builtParity.dir)
	}
}

// ---------------------------------------------------------------------------
// Source and target

// pairKind is a kind of copy: which testbed server is the source and which
// the target.
type pairKind struct {
	name     string
	src, tgt string // testbed server names: "old" (MariaDB) or "new" (MySQL 9)
}

var (
	mariadbToMySQL   = pairKind{"mariadb-mysql", "old", "new"}
	mariadbToMariaDB = pairKind{"mariadb-mariadb", "old", "old"}
	mysqlToMySQL     = pairKind{"mysql-mysql", "new", "new"}
)

// hardPair is a source database and a target database, each on its
// testbed server (two databases on one server for a same-kind copy).
type hardPair struct {
	kind             pairKind
	src, tgt         testbed.Server
	srcDB, tgtDB     string
	srcPool, tgtPool *conn.Pool
	srcFlavor        schema.Flavor
	tgtFlavor        schema.Flavor
}

func newHardPair(t *testing.T, kind pairKind, prefix string) *hardPair {
	t.Helper()
	p := &hardPair{kind: kind, src: testbed.Get(t, kind.src), tgt: testbed.Get(t, kind.tgt)}
	p.srcDB = p.src.Database(t, prefix+"_s")
	p.tgtDB = p.tgt.Database(t, prefix+"_t")
	p.srcPool = p.src.Open(t, p.srcDB, 4)
	p.tgtPool = p.tgt.Open(t, p.tgtDB, 4)
	p.srcFlavor, p.tgtFlavor = p.srcPool.Server.Flavor, p.tgtPool.Server.Flavor
	return p
}

// modes are the verify modes that apply to the pair: pushdown only where
// both sides are the same kind of server.
func (p *hardPair) modes() []string {
	if p.srcFlavor == p.tgtFlavor {
		return []string{"stream", "pushdown", "auto"}
	}
	return []string{"stream", "auto"}
}

// checkModes are the modes of the runs that check a result already
// checked in every mode (an equal copy, a re-verify after the fix): auto,
// which only picks one of the others, is left out to keep the suite short.
func (p *hardPair) checkModes() []string {
	return slices.DeleteFunc(p.modes(), func(m string) bool { return m == "auto" })
}

func (p *hardPair) srcDSN() string { return testbed.WithDatabase(p.src.DSN, p.srcDB) }
func (p *hardPair) tgtDSN() string { return testbed.WithDatabase(p.tgt.DSN, p.tgtDB) }

// pool returns the side's pool.
func (p *hardPair) pool(target bool) *conn.Pool {
	if target {
		return p.tgtPool
	}
	return p.srcPool
}

// db returns the side's database name.
func (p *hardPair) db(target bool) string {
	if target {
		return p.tgtDB
	}
	return p.srcDB
}

// load creates and fills the tables on the source, creates the target
// schema, copies the data with mariadb-dump | client, runs the target's
// after-load DDL, and checks with the oracle that the copy holds the
// source's rows (unless the table is Lossy by design).
func (p *hardPair) load(t *testing.T, tables ...datagen.HardTable) {
	t.Helper()
	ctx := context.Background()
	var plain, ignore []string
	for _, ht := range tables {
		if err := ht.CreateSource(ctx, p.srcPool.DB, p.srcFlavor, p.srcDB, hardSeed); err != nil {
			t.Fatalf("fixture: %v", err)
		}
		if err := ht.CreateTarget(ctx, p.tgtPool.DB, p.tgtFlavor, p.tgtDB); err != nil {
			t.Fatalf("fixture: %v", err)
		}
		if ht.InsertIgnore {
			ignore = append(ignore, ht.Name)
		} else {
			plain = append(plain, ht.Name)
		}
	}
	if len(plain) > 0 {
		p.dumpLoad(t, plain, false)
	}
	if len(ignore) > 0 {
		p.dumpLoad(t, ignore, true)
	}
	for _, ht := range tables {
		testbed.Exec(t, p.tgtPool, ht.AfterLoad(p.tgtFlavor, p.tgtDB)...)
		if ht.Lossy {
			continue
		}
		if d := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht)); len(d) > 0 {
			t.Fatalf("fixture: the copy of %s differs from its source (%d rows, first %s): the dump or load, not parity",
				ht.Name, len(d), d[0])
		}
	}
}

// testbedScript is testbed/testbed.sh of this tree.
func testbedScript(t *testing.T) string {
	t.Helper()
	s, err := filepath.Abs(filepath.Join("..", "..", "testbed", "testbed.sh"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dumpLoad copies tables as a migration does: mariadb-dump (data only,
// complete inserts, binary as hex, TIMESTAMP in UTC) piped into the target
// server's own command-line client (the chroot's mysql for MySQL, mariadb
// for MariaDB). ignore dumps INSERT IGNORE, as a reload past duplicate-key
// errors does. MariaDB's first "sandbox mode" line, which MySQL's client
// rejects, is dropped as demo.sh does.
func (p *hardPair) dumpLoad(t *testing.T, tables []string, ignore bool) {
	t.Helper()
	ep := p.src.Endpoint(t, "")
	host, port, err := net.SplitHostPort(ep.Config.Addr)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--no-defaults", "--no-create-info", "--complete-insert", "--hex-blob", "--tz-utc", "--skip-triggers",
		"--single-transaction", "--default-character-set=utf8mb4", "--max-allowed-packet=1G",
		"-h", host, "-P", port, "-u", ep.Config.User}
	if ignore {
		args = append(args, "--insert-ignore")
	}
	args = append(append(args, p.srcDB), tables...)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dump := exec.CommandContext(ctx, "mariadb-dump", args...)
	dump.Env = append(os.Environ(), "MYSQL_PWD="+ep.Config.Passwd)
	var dumpErr, loadErr bytes.Buffer
	dump.Stderr = &dumpErr
	out, err := dump.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	load := exec.CommandContext(ctx, "bash", testbedScript(t), "client", p.kind.tgt,
		"--default-character-set=utf8mb4", "--max-allowed-packet=1G", p.tgtDB)
	in, err := load.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	load.Stderr = &loadErr
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	if err := dump.Start(); err != nil {
		t.Fatal(err)
	}
	copyErr := copyDump(in, out)
	_ = in.Close()
	if copyErr != nil {
		_ = dump.Process.Kill() // the client is gone: nothing reads the dump
	}
	dumpWait, loadWait := dump.Wait(), load.Wait()
	if dumpWait != nil || loadWait != nil || copyErr != nil {
		t.Fatalf("fixture: mariadb-dump %v | %s client %v (copy %v)\ndump: %s\nload: %s",
			dumpWait, p.kind.tgt, loadWait, copyErr, dumpErr.String(), loadErr.String())
	}
}

// copyDump copies a dump to the client, without MariaDB's sandbox line.
func copyDump(w io.Writer, r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<20)
	first, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	if !strings.Contains(first, "enable the sandbox mode") {
		if _, err := io.WriteString(w, first); err != nil {
			return err
		}
	}
	_, err = io.Copy(w, br)
	return err
}

// exec runs q with args on one side; relaxed runs it with an empty sql_mode on a
// connection that is closed afterwards, as planting an ENUM error value
// needs.
func (p *hardPair) exec(t *testing.T, target, relaxed bool, q string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	c, err := p.pool(target).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = c.Raw(func(any) error { return driver.ErrBadConn }) // never back to the pool
		_ = c.Close()
	}()
	if relaxed {
		if _, err := c.ExecContext(ctx, "SET SESSION sql_mode = ''"); err != nil {
			t.Fatal(err)
		}
	}
	res, err := c.ExecContext(ctx, q, datagen.HardArgs(args)...)
	if err != nil {
		t.Fatalf("plant on %s: %v\n%s %v", side(target), err, q, args)
	}
	n, _ := res.RowsAffected()
	return n
}

func side(target bool) string {
	if target {
		return "target"
	}
	return "source"
}

// count is SELECT COUNT(*) of a table on one side.
func (p *hardPair) count(t *testing.T, target bool, name string) int64 {
	t.Helper()
	var n int64
	q := "SELECT COUNT(*) FROM " + schema.QuoteIdent(p.db(target)) + "." + schema.QuoteIdent(name)
	if err := p.pool(target).QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("count %s on %s: %v", name, side(target), err)
	}
	return n
}

// ---------------------------------------------------------------------------
// Running parity verify

// verifyArgs is one parity verify command line.
type verifyArgs struct {
	tables    []string // source table names, qualified with the source database; nil: the default selection
	patterns  string   // a raw --tables value instead of tables
	mode      string   // "" for the default (auto)
	chunkRows int
	dataOnly  bool
	fix       bool // write --fix-sql
	maxDiffs  int  // 0: 100000, so every difference is listed
	src, tgt  string
	noMap     bool
	extra     []string
	limit     time.Duration // 0: verifyTimeLimit
}

// verifyRun is what one parity verify run left: exit code, output, the
// --json document (decoded twice: typed, and raw for the fields whose name
// is not settled) and the fix SQL file.
type verifyRun struct {
	args    []string
	code    int
	stdout  string
	stderr  string
	doc     verifyDoc
	raw     map[string]any
	fixFile string
	elapsed time.Duration
}

// verifyDoc is the part of the verify --json document the suite reads.
type verifyDoc struct {
	Status  string        `json:"status"`
	Error   string        `json:"error"`
	FixSQL  string        `json:"fix_sql"`
	PeakRSS int64         `json:"peak_rss_bytes"`
	Result  *verifyResDoc `json:"result"`
}

type verifyResDoc struct {
	Status   string       `json:"status"`
	Seconds  float64      `json:"seconds"`
	Notes    []string     `json:"notes"`
	Findings []findingDoc `json:"schema_findings"`
	Tables   []tableDoc   `json:"tables"`
	RowDiffs int64        `json:"row_differences"`
	Listed   int64        `json:"row_differences_listed"`
}

type findingDoc struct {
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Table    string `json:"table"`
	Column   string `json:"column"`
	Message  string `json:"message"`
}

type tableDoc struct {
	Table        string    `json:"table"`
	Target       string    `json:"target"`
	Status       string    `json:"status"`
	Mode         string    `json:"mode"`
	ModeNote     string    `json:"mode_note"`
	Keyless      bool      `json:"keyless"`
	Chunks       int       `json:"chunks"`
	SourceRows   int64     `json:"source_rows"`
	TargetRows   int64     `json:"target_rows"`
	Missing      int64     `json:"missing"`
	Extra        int64     `json:"extra"`
	Changed      int64     `json:"changed"`
	Diffs        []diffDoc `json:"diffs"`
	DiffsOmitted int64     `json:"diffs_omitted"`
}

type diffDoc struct {
	Kind    string              `json:"kind"`
	Key     map[string]string   `json:"key"`
	Columns []columnDiffDoc     `json:"columns"`
	Row     map[string]valueDoc `json:"row"`
	Count   int64               `json:"count"`
}

type columnDiffDoc struct {
	Column string   `json:"column"`
	Source valueDoc `json:"source"`
	Target valueDoc `json:"target"`
}

type valueDoc struct {
	Null      bool   `json:"null"`
	Text      string `json:"text"`
	Truncated bool   `json:"truncated"`
}

// verify runs parity verify on the pair with a, in a child process with a
// time limit, and decodes its --json document.
func (p *hardPair) verify(t *testing.T, a verifyArgs) *verifyRun {
	t.Helper()
	dir := t.TempDir()
	src, tgt := p.srcDSN(), p.tgtDSN()
	if a.src != "" {
		src = a.src
	}
	if a.tgt != "" {
		tgt = a.tgt
	}
	args := []string{"verify", "--source", src, "--target", tgt, "--json", filepath.Join(dir, "verify.json")}
	if !a.noMap {
		args = append(args, "--map", p.srcDB+".*="+p.tgtDB+".*")
	}
	if len(a.tables) > 0 {
		var qualified []string
		for _, n := range a.tables {
			qualified = append(qualified, p.srcDB+"."+n)
		}
		args = append(args, "--tables", strings.Join(qualified, ","))
	}
	if a.patterns != "" {
		args = append(args, "--tables", a.patterns)
	}
	if a.mode != "" {
		args = append(args, "--mode", a.mode)
	}
	if a.chunkRows > 0 {
		args = append(args, "--chunk-rows", strconv.Itoa(a.chunkRows))
	}
	if a.dataOnly {
		args = append(args, "--data-only")
	}
	maxDiffs := a.maxDiffs
	if maxDiffs == 0 {
		maxDiffs = 100000
	}
	args = append(args, "--max-diffs", strconv.Itoa(maxDiffs))
	run := &verifyRun{}
	if a.fix {
		run.fixFile = filepath.Join(dir, "fix.sql")
		args = append(args, "--fix-sql", run.fixFile)
	}
	args = append(args, a.extra...)
	run.args = args
	limit := a.limit
	if limit == 0 {
		limit = verifyTimeLimit
	}
	run.code, run.stdout, run.stderr, run.elapsed = runBinary(t, limit, args...)
	data, err := os.ReadFile(filepath.Join(dir, "verify.json"))
	if err == nil {
		err = json.Unmarshal(data, &run.doc)
		if err == nil {
			err = json.Unmarshal(data, &run.raw)
		}
	}
	if err != nil && run.code != 2 {
		t.Errorf("parity %s: exit %d but no readable --json document: %v\n%s", shortArgs(args), run.code, err, run.output())
	}
	return run
}

// runBinary runs the parity binary with a time limit and returns its exit
// code (-1 when it was killed or did not start), output and run time.
func runBinary(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string, elapsed time.Duration) {
	t.Helper()
	bin := parityBinary(t) // built before the clock starts
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	dieWithParent(cmd)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	elapsed = time.Since(start)
	code = cmd.ProcessState.ExitCode()
	if ctx.Err() != nil {
		t.Errorf("parity %s: still running after %s: killed", shortArgs(args), limit)
		code = -1
	} else if err != nil && code < 0 {
		t.Errorf("parity %s: %v", shortArgs(args), err)
	}
	if strings.Contains(out.String()+errOut.String(), testPassword) {
		t.Errorf("parity %s printed the password", shortArgs(args))
	}
	return code, out.String(), errOut.String(), elapsed
}

// shortArgs renders a command line for messages, without DSNs' passwords.
func shortArgs(args []string) string { return conn.Redact(strings.Join(args, " ")) }

func (r *verifyRun) output() string {
	const limit = 6000
	s := "stdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
	if len(s) > limit {
		s = s[:limit] + "\n... (cut)"
	}
	return s
}

// table returns the result of source table name.
func (r *verifyRun) table(srcDB, name string) *tableDoc {
	if r.doc.Result == nil {
		return nil
	}
	for i := range r.doc.Result.Tables {
		if r.doc.Result.Tables[i].Table == srcDB+"."+name {
			return &r.doc.Result.Tables[i]
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// The oracle: both sides read with plain SQL, compared by meaning

// snapValue is one value as the oracle compares it.
type snapValue struct {
	null bool
	s    string // canonical text by the column's kind
}

func (v snapValue) String() string {
	if v.null {
		return "NULL"
	}
	return show(v.s)
}

// tableSnap is one side's rows of a table: by canonical key for a keyed
// table, as a multiset of canonical rows for a keyless one.
type tableSnap struct {
	ht     datagen.HardTable
	cols   []datagen.HardColumn
	keyIdx []int
	rows   map[string][]snapValue // keyed
	counts map[string]int         // keyless: canonical row -> copies
	raw    map[string][]string    // keyless: each canonical row's values as the server printed them
}

// selectExpr is how the oracle reads a column: FLOAT widened to DOUBLE
// (the text protocol rounds FLOAT to 6 digits), BIT as a number.
func selectExpr(c datagen.HardColumn) string {
	q := schema.QuoteIdent(c.Name)
	switch c.Kind {
	case datagen.KindFloat:
		return "(" + q + " + 0e0)"
	case datagen.KindBits:
		return "CAST(" + q + " AS UNSIGNED)"
	}
	return q
}

// snapshot reads every row of ht on one side.
func (p *hardPair) snapshot(t *testing.T, target bool, ht datagen.HardTable) *tableSnap {
	t.Helper()
	s := &tableSnap{ht: ht, cols: ht.Columns, rows: map[string][]snapValue{}, counts: map[string]int{}, raw: map[string][]string{}}
	exprs := make([]string, len(ht.Columns))
	for i, c := range ht.Columns {
		exprs[i] = selectExpr(c)
		if slices.Contains(ht.Key, c.Name) {
			s.keyIdx = append(s.keyIdx, i)
		}
	}
	// Key columns in key order.
	slices.SortFunc(s.keyIdx, func(a, b int) int {
		return slices.Index(ht.Key, ht.Columns[a].Name) - slices.Index(ht.Key, ht.Columns[b].Name)
	})
	q := "SELECT " + strings.Join(exprs, ", ") + " FROM " + schema.QuoteIdent(p.db(target)) + "." + schema.QuoteIdent(ht.Name)
	rows, err := p.pool(target).QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
	}
	defer rows.Close()
	raw := make([]sql.RawBytes, len(exprs))
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
		}
		vals := make([]snapValue, len(raw))
		texts := make([]string, len(raw))
		for i, b := range raw {
			if b == nil {
				vals[i] = snapValue{null: true}
				continue
			}
			texts[i] = string(b)
			c, err := canonical(ht.Columns[i].Kind, string(b))
			if err != nil {
				t.Fatalf("oracle: %s.%s on %s: %v", ht.Name, ht.Columns[i].Name, side(target), err)
			}
			vals[i] = snapValue{s: c}
		}
		if len(ht.Key) == 0 {
			k := rowText(vals)
			s.counts[k]++
			s.raw[k] = texts
			continue
		}
		k := s.keyOf(vals)
		if _, dup := s.rows[k]; dup {
			t.Fatalf("oracle: %s on %s holds key %s twice", ht.Name, side(target), k)
		}
		s.rows[k] = vals
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
	}
	return s
}

func (s *tableSnap) keyOf(vals []snapValue) string {
	parts := make([]snapValue, len(s.keyIdx))
	for i, j := range s.keyIdx {
		parts[i] = vals[j]
	}
	return rowText(parts)
}

// rowText joins canonical values into one unambiguous string.
func rowText(vals []snapValue) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		if v.null {
			b.WriteString("NULL")
		} else {
			b.WriteString(strconv.Quote(v.s))
		}
	}
	return b.String()
}

// canonical is the text of a value of kind by which two servers' values
// compare: what it means, not how it was printed.
func canonical(kind datagen.ValueKind, s string) (string, error) {
	switch kind {
	case datagen.KindInteger, datagen.KindBits:
		s = strings.TrimSpace(s)
		if _, ok := new(big.Int).SetString(s, 10); !ok {
			return "", fmt.Errorf("integer %q", s)
		}
		return s, nil
	case datagen.KindDecimal:
		return canonicalDecimal(s)
	case datagen.KindFloat, datagen.KindDouble:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return "", fmt.Errorf("float %q: %w", s, err)
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case datagen.KindBinary:
		return hex.EncodeToString([]byte(s)), nil
	case datagen.KindTemporal:
		return canonicalTemporal(s), nil
	case datagen.KindJSON:
		v, err := jsonMeaning(s)
		if err != nil {
			return "", fmt.Errorf("JSON %s: %w", show(s), err)
		}
		return canonicalJSON(v), nil
	}
	return s, nil // text
}

// canonicalDecimal writes a DECIMAL's text without the zeros its scale
// adds: "1.2300" and "1.23" are both "1.23", "-0.00" is "0".
func canonicalDecimal(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, ok := new(big.Rat).SetString(s); !ok || strings.ContainsAny(s, "eE/") {
		return "", fmt.Errorf("decimal %q", s)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(s, ".")
	ip, fp = strings.TrimLeft(ip, "0"), strings.TrimRight(fp, "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, nil
}

// canonicalTemporal writes a date/time text with ' ' between date and time
// and no trailing fraction zeros: "2024-01-02 03:04:05.5".
func canonicalTemporal(s string) string {
	s = strings.TrimSuffix(strings.Replace(strings.TrimSpace(s), "T", " ", 1), "Z")
	if i := strings.LastIndexByte(s, '.'); i >= 0 && !strings.ContainsAny(s[i:], " -:") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// canonicalJSON prints a jsonMeaning value with sorted object keys and
// numbers as exact rationals, so equal documents print the same.
func canonicalJSON(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + canonicalJSON(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonicalJSON(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case jsonRat:
		return "#" + string(v)
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

// wantDiff is one expected row difference in canonical form.
type wantDiff struct {
	kind    string   // missing, extra, changed
	key     string   // canonical key (keyed) or canonical row (keyless)
	columns []string // changed: differing columns, sorted
	count   int      // keyless: copies
	raw     []string // keyless: the row's values as a server printed them, to match a value parity cut short
}

func (d wantDiff) String() string {
	s := d.kind + " " + d.key
	if len(d.columns) > 0 {
		s += " [" + strings.Join(d.columns, ",") + "]"
	}
	if d.count > 1 {
		s += fmt.Sprintf(" x%d", d.count)
	}
	return s
}

// oracleDiff is what differs between the two sides: the differences a
// correct verify reports, in a fixed order.
func oracleDiff(src, tgt *tableSnap) []wantDiff {
	var out []wantDiff
	if len(src.ht.Key) == 0 {
		for k, n := range src.counts {
			if m := tgt.counts[k]; n > m {
				out = append(out, wantDiff{kind: "missing", key: k, count: n - m, raw: src.raw[k]})
			}
		}
		for k, m := range tgt.counts {
			if n := src.counts[k]; m > n {
				out = append(out, wantDiff{kind: "extra", key: k, count: m - n, raw: tgt.raw[k]})
			}
		}
	} else {
		for k, sv := range src.rows {
			tv, ok := tgt.rows[k]
			if !ok {
				out = append(out, wantDiff{kind: "missing", key: k})
				continue
			}
			var cols []string
			for i, c := range src.cols {
				if sv[i] != tv[i] {
					cols = append(cols, c.Name)
				}
			}
			if len(cols) > 0 {
				sort.Strings(cols)
				out = append(out, wantDiff{kind: "changed", key: k, columns: cols})
			}
		}
		for k := range tgt.rows {
			if _, ok := src.rows[k]; !ok {
				out = append(out, wantDiff{kind: "extra", key: k})
			}
		}
	}
	sortDiffs(out)
	return out
}

func sortDiffs(d []wantDiff) {
	slices.SortFunc(d, func(a, b wantDiff) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.kind, b.kind)
	})
}

// reportedKey is the canonical key of a difference parity listed, read from
// its JSON key text by the key columns' kinds.
func reportedKey(ht datagen.HardTable, key map[string]string) (string, error) {
	vals := make([]snapValue, len(ht.Key))
	for i, name := range ht.Key {
		text, ok := key[name]
		if !ok {
			return "", fmt.Errorf("key lacks column %s: %v", name, key)
		}
		c, _ := ht.Column(name)
		v, err := reportedValue(c.Kind, valueDoc{Text: text})
		if err != nil {
			return "", err
		}
		vals[i] = v
	}
	if len(key) != len(ht.Key) {
		return "", fmt.Errorf("key has %d columns, want %d: %v", len(key), len(ht.Key), key)
	}
	return rowText(vals), nil
}

// reportedRow is the canonical row of a keyless difference parity listed.
// A value parity cut short (truncated) cannot be read back, so the row is
// matched against the expected differences of its kind instead: every
// whole value must equal, every cut one must begin the expected value.
func reportedRow(ht datagen.HardTable, kind string, row map[string]valueDoc, want []wantDiff) (string, error) {
	vals := make([]snapValue, len(ht.Columns))
	cut := false
	for i, c := range ht.Columns {
		v, ok := row[c.Name]
		if !ok {
			return "", fmt.Errorf("row lacks column %s", c.Name)
		}
		if v.Truncated {
			cut = true
			continue
		}
		sv, err := reportedValue(c.Kind, v)
		if err != nil {
			return "", fmt.Errorf("column %s: %w", c.Name, err)
		}
		vals[i] = sv
	}
	if !cut {
		return rowText(vals), nil
	}
	for _, w := range want {
		if w.kind != kind || len(w.raw) != len(ht.Columns) {
			continue
		}
		if matchesCut(ht, row, vals, w) {
			return w.key, nil
		}
	}
	return "", fmt.Errorf("no expected %s row begins with the values listed: %v", kind, row)
}

// matchesCut reports whether a listed keyless row, some of whose values
// were cut short, is the expected row w.
func matchesCut(ht datagen.HardTable, row map[string]valueDoc, vals []snapValue, w wantDiff) bool {
	expected := splitRowText(w.key)
	if len(expected) != len(ht.Columns) {
		return false
	}
	for i, c := range ht.Columns {
		v := row[c.Name]
		if !v.Truncated {
			if vals[i] != expected[i] {
				return false
			}
			continue
		}
		if expected[i].null {
			return false
		}
		prefix, full := v.Text, w.raw[i]
		if c.Kind == datagen.KindBinary {
			prefix, full = strings.TrimPrefix(strings.ToLower(prefix), "0x"), hex.EncodeToString([]byte(full))
		}
		if !strings.HasPrefix(full, prefix) {
			return false
		}
	}
	return true
}

// splitRowText reverses rowText.
func splitRowText(s string) []snapValue {
	var out []snapValue
	for s != "" {
		if rest, ok := strings.CutPrefix(s, "NULL"); ok {
			out = append(out, snapValue{null: true})
			s = strings.TrimPrefix(rest, ", ")
			continue
		}
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil
		}
		v, _ := strconv.Unquote(q)
		out = append(out, snapValue{s: v})
		s = strings.TrimPrefix(s[len(q):], ", ")
	}
	return out
}

// reportedValue reads a value as parity's JSON shows it (numbers and dates
// as the server prints them, text as is, binary as 0x-hex) into the
// oracle's canonical form.
func reportedValue(kind datagen.ValueKind, v valueDoc) (snapValue, error) {
	if v.Null {
		return snapValue{null: true}, nil
	}
	if v.Truncated {
		return snapValue{}, fmt.Errorf("value %s is truncated: cannot tell which row it is", show(v.Text))
	}
	text := v.Text
	switch kind {
	case datagen.KindBinary:
		if h, ok := strings.CutPrefix(strings.ToLower(text), "0x"); ok {
			if b, err := hex.DecodeString(h); err == nil {
				return snapValue{s: hex.EncodeToString(b)}, nil
			}
		}
		return snapValue{s: hex.EncodeToString([]byte(text))}, nil
	case datagen.KindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 32)
		if err != nil {
			return snapValue{}, fmt.Errorf("FLOAT %q: %w", text, err)
		}
		return snapValue{s: strconv.FormatFloat(float64(float32(f)), 'g', -1, 64)}, nil
	case datagen.KindBits:
		if h, ok := strings.CutPrefix(strings.ToLower(text), "0x"); ok {
			n, ok := new(big.Int).SetString(h, 16)
			if ok {
				return snapValue{s: n.String()}, nil
			}
		}
	}
	c, err := canonical(kind, text)
	return snapValue{s: c}, err
}

// ---------------------------------------------------------------------------
// Checking a run against the oracle

// expectation is what one verify run must report for one table.
type expectation struct {
	want []wantDiff // exactly these differences
	// optional columns may appear in a changed row's list or not (generated
	// columns, which a verifier may or may not compare).
	optional []string
}

// checkRun requires that run reports exactly e for table ht: exit code
// 0/1, kinds, keys, changed columns and counts, every difference listed
// once, source_rows and target_rows equal to COUNT(*) on each side.
func (p *hardPair) checkRun(t *testing.T, run *verifyRun, ht datagen.HardTable, e expectation) {
	t.Helper()
	wantCode := 0
	if len(e.want) > 0 {
		wantCode = 1
	}
	if run.code != wantCode {
		t.Errorf("exit %d, want %d (%d differences expected: %s)\n%s", run.code, wantCode, len(e.want), firstDiffs(e.want), run.output())
		if run.code == 2 || run.code < 0 {
			return
		}
	}
	tr := run.table(p.srcDB, ht.Name)
	if tr == nil {
		t.Errorf("no result for table %s.%s in the --json document\n%s", p.srcDB, ht.Name, run.output())
		return
	}
	if n := p.count(t, false, ht.Name); tr.SourceRows != n {
		t.Errorf("source_rows %d, but COUNT(*) on the source is %d", tr.SourceRows, n)
	}
	if n := p.count(t, true, ht.Name); tr.TargetRows != n {
		t.Errorf("target_rows %d, but COUNT(*) on the target is %d", tr.TargetRows, n)
	}
	if tr.SourceRows-tr.Missing != tr.TargetRows-tr.Extra {
		t.Errorf("rows do not add up: source %d - missing %d != target %d - extra %d", tr.SourceRows, tr.Missing, tr.TargetRows, tr.Extra)
	}
	var missing, extra, changed int64
	for _, d := range e.want {
		n := int64(max(d.count, 1))
		switch d.kind {
		case "missing":
			missing += n
		case "extra":
			extra += n
		case "changed":
			changed += n
		}
	}
	if tr.Missing != missing || tr.Extra != extra || tr.Changed != changed {
		t.Errorf("counts missing/extra/changed %d/%d/%d, want %d/%d/%d", tr.Missing, tr.Extra, tr.Changed, missing, extra, changed)
	}
	if tr.DiffsOmitted != 0 {
		t.Errorf("%d differences omitted from the list (--max-diffs 100000)", tr.DiffsOmitted)
	}
	if run.doc.Result != nil && len(run.doc.Result.Tables) == 1 && run.doc.Result.RowDiffs != missing+extra+changed {
		t.Errorf("row_differences %d, want %d", run.doc.Result.RowDiffs, missing+extra+changed)
	}
	got, problems := listedDiffs(ht, tr, e.want)
	for _, pr := range problems {
		t.Error(pr)
	}
	unexpected, absent := matchDiffs(got, e)
	for _, d := range unexpected {
		t.Errorf("reported but not a difference: %s", d)
	}
	for _, d := range absent {
		t.Errorf("not reported: %s", d)
	}
	if len(unexpected)+len(absent)+len(problems) > 0 {
		t.Logf("want %d: %s\n%s", len(e.want), firstDiffs(e.want), run.output())
	}
}

// listedDiffs turns the listed differences of a table into canonical form;
// a key listed twice is a problem.
func listedDiffs(ht datagen.HardTable, tr *tableDoc, want []wantDiff) (got []wantDiff, problems []string) {
	seen := map[string]string{}
	for _, d := range tr.Diffs {
		var w wantDiff
		var err error
		w.kind = d.Kind
		if len(ht.Key) == 0 {
			w.key, err = reportedRow(ht, d.Kind, d.Row, want)
			w.count = int(max(d.Count, 1))
		} else {
			w.key, err = reportedKey(ht, d.Key)
			for _, c := range d.Columns {
				w.columns = append(w.columns, c.Column)
			}
			sort.Strings(w.columns)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("listed %s difference cannot be read: %v", d.Kind, err))
			continue
		}
		id := w.key
		if len(ht.Key) == 0 {
			id = w.kind + " " + w.key
		}
		if prev, dup := seen[id]; dup {
			problems = append(problems, fmt.Sprintf("listed twice: %s %s (also as %s)", w.kind, w.key, prev))
			continue
		}
		seen[id] = w.kind
		got = append(got, w)
	}
	return got, problems
}

// matchDiffs pairs reported differences with expected ones. A changed
// row's columns must be the expected ones, give or take e.optional.
func matchDiffs(got []wantDiff, e expectation) (unexpected, absent []wantDiff) {
	want := slices.Clone(e.want)
	strip := func(cols []string) []string {
		var out []string
		for _, c := range cols {
			if !slices.Contains(e.optional, c) {
				out = append(out, c)
			}
		}
		return out
	}
	for _, g := range got {
		i := slices.IndexFunc(want, func(w wantDiff) bool {
			return w.kind == g.kind && w.key == g.key && max(w.count, 1) == max(g.count, 1) &&
				slices.Equal(strip(w.columns), strip(g.columns))
		})
		if i < 0 {
			unexpected = append(unexpected, g)
			continue
		}
		want = slices.Delete(want, i, i+1)
	}
	return unexpected, want
}

func firstDiffs(d []wantDiff) string {
	var parts []string
	for i, w := range d {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("... %d more", len(d)-i))
			break
		}
		parts = append(parts, w.String())
	}
	return strings.Join(parts, "; ")
}

// ---------------------------------------------------------------------------
// Fix SQL

// applyFix applies a fix SQL file to the target with the target server's
// own command-line client, as the file's header says, with the client's
// default max_allowed_packet: it stops at the first error. It returns the
// client's exit code and output.
func (p *hardPair) applyFix(t *testing.T, file string) (int, string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("fix SQL: %v", err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", testbedScript(t), "client", p.kind.tgt, "--binary-mode", "--default-character-set=utf8mb4")
	cmd.Stdin = f
	out, err := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	if err != nil && code == 0 {
		code = -1
	}
	return code, string(out)
}

// ---------------------------------------------------------------------------
// The flow every class runs

// hardCase is one table of a class on one pair: what to plant and which of
// the planted differences no SQL can fix.
type hardCase struct {
	table     datagen.HardTable
	chunkRows int
	// plant changes the copy; it returns the differences it means to
	// make (checked against the oracle, so a broken plant is a fixture
	// error, not a parity failure).
	plant func(t *testing.T, p *hardPair) []wantDiff
	// unfixable tells the differences no fix SQL can make go away: they
	// must be left out, said so in the file and counted.
	unfixable func(d wantDiff) bool
	// check, if set, looks further at every verify run of the planted
	// differences.
	check func(t *testing.T, run *verifyRun)
	limit time.Duration // per verify run; 0: verifyTimeLimit
}

// run takes one table through the whole flow: the copy verifies equal in
// every mode; the planted differences are reported exactly in every mode;
// the fix SQL, applied with the mysql client, converges (the oracle and a
// --data-only re-verify in every mode agree), except for what cannot be
// fixed, which the fix file and the summary must say.
func (c hardCase) run(t *testing.T, p *hardPair) {
	ht := c.table
	outer := t
	// After a run that hung, the rest would only wait for the time limit
	// again and again.
	hung := false
	stopIfHung := func(t *testing.T) {
		t.Helper()
		if hung {
			t.Fatal("an earlier verify run hung: the remaining runs are skipped")
		}
	}
	verify := func(t *testing.T, a verifyArgs) *verifyRun {
		stopIfHung(t)
		run := p.verify(t, a)
		hung = hung || run.code < 0
		return run
	}
	optional := generatedColumns(ht)
	base := verifyArgs{tables: []string{ht.Name}, chunkRows: c.chunkRows, limit: c.limit}
	intrinsic := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	t.Run("copy", func(t *testing.T) {
		for _, mode := range p.checkModes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode = mode
				a.dataOnly = ht.Lossy // the schema differs by design
				p.checkRun(t, verify(t, a), ht, expectation{want: intrinsic, optional: optional})
			})
		}
	})
	stopIfHung(t)
	intent := c.plant(t, p)
	want := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	if err := samePlant(intrinsic, intent, want, optional); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	var unfixable []wantDiff
	for _, d := range want {
		if c.unfixable != nil && c.unfixable(d) {
			unfixable = append(unfixable, d)
		}
	}
	var fixFile string
	t.Run("planted", func(t *testing.T) {
		for _, mode := range p.modes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode, a.fix, a.dataOnly = mode, true, ht.Lossy
				run := verify(t, a)
				p.checkRun(t, run, ht, expectation{want: want, optional: optional})
				if run.code == 1 && fileExists(run.fixFile) && (fixFile == "" || mode == "auto") {
					fixFile = keepFile(outer, run.fixFile)
				}
				checkLeftOut(t, run, unfixable)
				if c.check != nil {
					c.check(t, run)
				}
			})
		}
	})
	stopIfHung(t)
	if fixFile == "" {
		t.Fatal("no verify run wrote fix SQL to apply")
	}
	t.Run("fix", func(t *testing.T) {
		if code, out := p.applyFix(t, fixFile); code != 0 {
			t.Fatalf("mysql client stopped applying the fix SQL: exit %d\n%s\nfix SQL head:\n%s", code, out, fileHead(fixFile, 3000))
		}
		left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
		if u, a := matchDiffs(left, expectation{want: unfixable, optional: optional}); len(u)+len(a) > 0 {
			t.Errorf("after the fix SQL the target still differs in %d rows (%s); want only the %d unfixable (%s)\nfix SQL head:\n%s",
				len(left), firstDiffs(left), len(unfixable), firstDiffs(unfixable), fileHead(fixFile, 3000))
		}
	})
	t.Run("reverify", func(t *testing.T) {
		left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
		for _, mode := range p.checkModes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode, a.dataOnly = mode, true
				p.checkRun(t, verify(t, a), ht, expectation{want: left, optional: optional})
			})
		}
	})
}

// samePlant checks that the oracle sees what the plant meant to do: the
// copy's own differences, where the plant did not touch the same key, and
// the plant's.
func samePlant(intrinsic, intent, want []wantDiff, optional []string) error {
	touched := map[string]bool{}
	for _, d := range intent {
		touched[d.key] = true
	}
	var all []wantDiff
	for _, d := range intrinsic {
		if !touched[d.key] {
			all = append(all, d)
		}
	}
	all = append(all, intent...)
	sortDiffs(all)
	if u, a := matchDiffs(want, expectation{want: all, optional: optional}); len(u)+len(a) > 0 {
		return fmt.Errorf("the plant meant %d differences (%s) but the oracle sees %d (%s)", len(all), firstDiffs(all), len(want), firstDiffs(want))
	}
	return nil
}

func generatedColumns(ht datagen.HardTable) []string {
	var out []string
	for _, c := range ht.Columns {
		if c.Generated {
			out = append(out, c.Name)
		}
	}
	return out
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return path != "" && err == nil
}

// keepFile copies path to a directory that outlives the subtest.
func keepFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(os.TempDir(), fmt.Sprintf("parity-hard-fix-%d-%d.sql", os.Getpid(), time.Now().UnixNano()))
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(dst) })
	return dst
}

// fileHead is the first n bytes of a file, for failure messages.
func fileHead(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	b := make([]byte, n)
	k, _ := io.ReadFull(f, b)
	s := string(b[:k])
	if k == n {
		s += "\n... (cut)"
	}
	return s
}

// ---------------------------------------------------------------------------
// Planting differences

// keyWhere renders "`a` = ? AND `b` = ?" for the key of row (a row of
// ht.Rows) with its arguments.
func keyWhere(ht datagen.HardTable, row []any) (string, []any) {
	cols := ht.InsertColumns()
	var parts []string
	var args []any
	for _, k := range ht.Key {
		i := slices.Index(cols, k)
		parts = append(parts, schema.QuoteIdent(k)+" = ?")
		args = append(args, row[i])
	}
	return strings.Join(parts, " AND "), args
}

func (p *hardPair) qualified(target bool, name string) string {
	return schema.QuoteIdent(p.db(target)) + "." + schema.QuoteIdent(name)
}

// deleteRow deletes row (by key) on one side.
func (p *hardPair) deleteRow(t *testing.T, target bool, ht datagen.HardTable, row []any) {
	t.Helper()
	where, args := keyWhere(ht, row)
	if n := p.exec(t, target, ht.Relaxed, "DELETE FROM "+p.qualified(target, ht.Name)+" WHERE "+where, args...); n != 1 {
		t.Fatalf("fixture: delete %v from %s on %s: %d rows", row[:len(ht.Key)], ht.Name, side(target), n)
	}
}

// insertRow inserts row on one side.
func (p *hardPair) insertRow(t *testing.T, target bool, ht datagen.HardTable, row []any) {
	t.Helper()
	cols := ht.InsertColumns()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	p.exec(t, target, ht.Relaxed, "INSERT INTO "+p.qualified(target, ht.Name)+" ("+schema.QuoteIdents(cols)+") VALUES ("+marks+")", row...)
}

// updateRow sets column col of row (by key) to the SQL expression expr on
// one side.
func (p *hardPair) updateRow(t *testing.T, target bool, ht datagen.HardTable, row []any, set string, setArgs ...any) {
	t.Helper()
	where, args := keyWhere(ht, row)
	q := "UPDATE " + p.qualified(target, ht.Name) + " SET " + set + " WHERE " + where
	if n := p.exec(t, target, ht.Relaxed, q, append(setArgs, args...)...); n != 1 {
		t.Fatalf("fixture: %s: %d rows changed, want 1", q, n)
	}
}

// rowKey is the canonical key of a row of ht.Rows, as the oracle writes it.
func rowKey(t *testing.T, ht datagen.HardTable, row []any) string {
	t.Helper()
	cols := ht.InsertColumns()
	var vals []snapValue
	for _, k := range ht.Key {
		c, _ := ht.Column(k)
		v := row[slices.Index(cols, k)]
		vals = append(vals, goValue(t, c.Kind, v))
	}
	return rowText(vals)
}

// rowCanon is the canonical form of a whole keyless row of ht.Rows.
func rowCanon(t *testing.T, ht datagen.HardTable, row []any) string {
	t.Helper()
	var vals []snapValue
	for i, c := range ht.Columns {
		vals = append(vals, goValue(t, c.Kind, row[i]))
	}
	return rowText(vals)
}

// goValue is the canonical form of a Go value of ht.Rows.
func goValue(t *testing.T, kind datagen.ValueKind, v any) snapValue {
	t.Helper()
	var text string
	switch v := v.(type) {
	case nil:
		return snapValue{null: true}
	case []byte:
		text = string(v)
	case float32:
		text = strconv.FormatFloat(float64(v), 'g', -1, 64)
	case float64:
		text = strconv.FormatFloat(v, 'g', -1, 64)
	default:
		text = fmt.Sprint(v)
	}
	c, err := canonical(kind, text)
	if err != nil {
		t.Fatalf("fixture value: %v", err)
	}
	return snapValue{s: c}
}

// missing, extra and changed are the differences a plant means to make.
func missing(key string) wantDiff { return wantDiff{kind: "missing", key: key} }
func extra(key string) wantDiff   { return wantDiff{kind: "extra", key: key} }
func changed(key string, cols ...string) wantDiff {
	sort.Strings(cols)
	return wantDiff{kind: "changed", key: key, columns: cols}
}
