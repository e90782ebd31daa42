// Package demo holds make demo's script (demo.sh) and the test that runs
// it end to end on the testbed, small.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestDemo runs demo.sh on a small sample in a database of its own, twice:
// the first run migrates, plants the three differences and must find
// exactly them (the script checks the verify exit code and the fix SQL
// itself). Then the fix SQL is applied as the demo suggests, and the second
// run reuses the migration, plants the differences again and must find
// exactly them again. Both leave the combined report and the JSON results.
func TestDemo(t *testing.T) {
	old, nu := testbed.Get(t, "old"), testbed.Get(t, "new")
	state := os.Getenv("PARITY_TESTBED_STATE")
	if state == "" {
		state = "/var/lib/parity-testbed"
	}
	if _, err := os.Stat(filepath.Join(state, "mariadb", "sock")); err != nil {
		// demo.sh talks to the local testbed's sockets (mariadb-dump | mysql).
		if os.Getenv("CI") == "true" {
			t.Fatalf("the demo needs the local testbed: %v", err)
		}
		t.Skipf("the demo needs the local testbed started by make testbed-up: %v", err)
	}
	// The bench step changes temptable_max_ram with SET GLOBAL.
	testbed.LockGlobals(t, old)
	testbed.LockGlobals(t, nu)

	var b [4]byte
	_, _ = rand.Read(b[:])
	db := "pt_demo_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		if os.Getenv("PARITY_TEST_KEEP") != "" {
			return
		}
		ctx := context.Background()
		for _, s := range []testbed.Server{old, nu} {
			p := s.Open(t, "", 1)
			_, _ = p.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(db))
		}
		p := nu.Open(t, "", 1)
		_, _ = p.ExecContext(ctx, "DELETE FROM parity_demo_meta.migration WHERE db = ?", db)
	})

	bin := t.TempDir()
	for _, cmd := range []string{"parity", "paritygen"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "../cmd/"+cmd)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", cmd, err, out)
		}
	}
	out := t.TempDir()
	run := func() (string, time.Duration) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command("bash", "demo.sh")
		cmd.Env = append(os.Environ(), "PARITY_BIN="+filepath.Join(bin, "parity"), "PARITYGEN_BIN="+filepath.Join(bin, "paritygen"),
			"PARITY_DEMO_OUT="+out, "PARITY_DEMO_DB="+db, "PARITY_DEMO_ROWS=3000", "NO_COLOR=1")
		got, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("demo.sh: %v\n%s", err, got)
		}
		return string(got), time.Since(start)
	}

	first, took := run()
	for _, want := range []string{
		"planted: reservation 1001 lost, reservation 1507 changed on the new side, one audit_log line written twice",
		"missing " + db + ".reservations id=1001",
		"changed " + db + ".reservations id=1507: ",
		"extra   " + db + ".audit_log (keyless)",
		"ERROR 1038", // the ORDER BY on the new server at sort_buffer_size=256K
		"report:   " + out + "/report.html",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first run's output lacks %q:\n%s", want, first)
		}
	}
	for _, f := range []string{"extract.json", "verify.json", "bench.json", "fix.sql", "report.html", "report.md",
		"export/source/manifest.json", "export/target/manifest.json"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Migration rehearsal", "<svg", db + ".reservations", "sort_buffer_size"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}

	// What the demo suggests: apply the fix SQL to the new cluster with the
	// mysql client. The copies are then equal; the next run plants the
	// same three differences again and must find exactly them.
	fix, err := os.Open(filepath.Join(out, "fix.sql"))
	if err != nil {
		t.Fatal(err)
	}
	defer fix.Close()
	apply := exec.Command("bash", "../testbed/testbed.sh", "client", "new", "--binary-mode", "--default-character-set=utf8mb4", db)
	apply.Stdin = fix
	if got, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("apply the fix SQL: %v\n%s", err, got)
	}
	p := nu.Open(t, db, 1)
	var n int
	if err := p.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM reservations WHERE id = 1001").Scan(&n); err != nil || n != 1 {
		t.Errorf("after the fix SQL: %d rows with id 1001 (%v), want the lost reservation back", n, err)
	}

	second, took2 := run()
	if !strings.Contains(second, "already migrated") {
		t.Errorf("second run migrated again:\n%s", second)
	}
	t.Logf("first run %v, second %v", took.Round(time.Millisecond), took2.Round(time.Millisecond))
}
