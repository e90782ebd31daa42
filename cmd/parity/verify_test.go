package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parity-db/parity/testbed"
)

// The verify command end to end: equal clusters exit 0; a planted
// difference exits 1 with the row named, fix SQL written and, once applied
// with --apply-fix --yes, a re-verify that exits 0.
func TestVerifyCommand(t *testing.T) {
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	srcDB, tgtDB := seed(t, old), seed(t, nw)
	src, tgt := testbed.WithDatabase(old.DSN, srcDB), testbed.WithDatabase(nw.DSN, tgtDB)
	dir := t.TempDir()
	mapping := srcDB + ".*=" + tgtDB + ".*"

	code, stdout, stderr := runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--json", filepath.Join(dir, "equal.json"))
	if code != 0 || !strings.Contains(stdout, "equal") || !strings.Contains(stdout, "customers") {
		t.Fatalf("equal clusters: exit %d\n%s%s", code, stdout, stderr)
	}

	p := nw.Open(t, tgtDB, 1)
	testbed.Exec(t, p, "UPDATE customers SET name = 'renamed' WHERE id = 42", "DELETE FROM customers WHERE id = 7",
		"INSERT INTO audit_log VALUES (2, 'b')")
	fix := filepath.Join(dir, "fix.sql")
	report := filepath.Join(dir, "verify.json")
	code, stdout, stderr = runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--fix-sql", fix, "--json", report)
	if code != 1 {
		t.Fatalf("planted differences: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"changed", "id=42", `name "name 42" → "renamed"`, "missing", "id=7", "extra", "(keyless)", "fix SQL: 3 statements"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(fix)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REPLACE INTO", "'name 42'", "DELETE FROM", "LIMIT 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("fix SQL lacks %q:\n%s", want, b)
		}
	}
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Status        string `json:"status"`
		Result        struct {
			RowDiffs int `json:"row_differences"`
		} `json:"result"`
	}
	if raw, err := os.ReadFile(report); err != nil || json.Unmarshal(raw, &doc) != nil || doc.Status != "different" || doc.Result.RowDiffs != 3 || doc.SchemaVersion != 1 {
		t.Errorf("JSON report: %+v (%v)", doc, err)
	}

	code, stdout, stderr = runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--fix-sql", fix, "--apply-fix", "--yes")
	if code != 0 || !strings.Contains(stdout, "applied 3 statements") {
		t.Fatalf("--apply-fix: exit %d, want 0 after the re-verify\n%s%s", code, stdout, stderr)
	}

	// Without --yes, anything but "yes" leaves the target alone.
	testbed.Exec(t, p, "DELETE FROM customers WHERE id = 8")
	var out, errOut strings.Builder
	o := verifyOptions{maps: stringList{mapping}, fixSQL: fix, applyFix: true, workers: 2, mode: "auto", maxDiffs: 10}
	o.conns.source, o.conns.target = src, tgt
	err = runVerify(t.Context(), o, strings.NewReader("no\n"), &out, &errOut)
	if _, ok := err.(differencesError); !ok || !strings.Contains(errOut.String(), "not applied") {
		t.Errorf("declined --apply-fix: err %v\n%s", err, errOut.String())
	}
}

func TestVerifyCommandErrors(t *testing.T) {
	nw := testbed.Get(t, "new")
	db := seed(t, nw)
	dsn := testbed.WithDatabase(nw.DSN, db)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--target", dsn}, "--source DSN and --target DSN are required"},
		{[]string{"--source", dsn, "--target", dsn, "--mode", "fast"}, `mode "fast"`},
		{[]string{"--source", dsn, "--target", dsn, "--apply-fix"}, "--apply-fix needs --fix-sql"},
		{[]string{"--source", dsn, "--target", dsn, "--map", "=b"}, "map"},
		{[]string{"--source", dsn, "--target", strings.Replace(dsn, testPassword, "wrong", 1)}, "access denied"},
		{[]string{"--source", dsn, "--target", dsn, "--tables", db + ".nope"}, "not found"},
		// One server under two names (TCP and the same port again), one schema.
		{[]string{"--source", dsn, "--target", strings.Replace(dsn, "127.0.0.1", "localhost", 1)}, "would be compared with itself"},
	}
	for _, tt := range tests {
		code, _, stderr := runParity(t, append([]string{"verify"}, tt.args...)...)
		if code != 2 || !strings.Contains(strings.ToLower(stderr), strings.ToLower(tt.want)) {
			t.Errorf("verify %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
