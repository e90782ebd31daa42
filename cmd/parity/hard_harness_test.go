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
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
