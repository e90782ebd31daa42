package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/parity-db/parity/testbed"
)

// TestPasswordsNeverPrinted runs every command, succeeding and failing, as
// accounts with a two-letter password and a long one, and reads everything
// parity wrote: stdout, stderr, --json, --report, the fix SQL, the export.
// Neither password appears (the short one nowhere as a value), and nothing
// had to be masked: no "***", so no word was garbled.
func TestPasswordsNeverPrinted(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		src, tgt := seed(t, s), seed(t, s)
		admin := s.Open(t, tgt, 1)
		testbed.Exec(t, admin, "UPDATE customers SET name = 'changed' WHERE id = 7", "DELETE FROM customers WHERE id = 8")
		addr := s.Endpoint(t, "").Config.Addr
		for _, pw := range []string{"ro", "Long-Redaction-Secret-4711"} {
			t.Run(fmt.Sprintf("%d-byte password", len(pw)), func(t *testing.T) {
				user := fmt.Sprintf("pt_redact_%d", len(pw))
				account := fmt.Sprintf("'%s'@'127.0.0.1'", user)
				testbed.Exec(t, admin, "DROP USER IF EXISTS "+account, "CREATE USER "+account+" IDENTIFIED BY '"+pw+"'",
					"GRANT ALL ON `"+src+"`.* TO "+account, "GRANT ALL ON `"+tgt+"`.* TO "+account,
					"GRANT SELECT ON performance_schema.* TO "+account)
				t.Cleanup(func() { testbed.Exec(t, admin, "DROP USER IF EXISTS "+account) })
				dsn := func(db string) string { return fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pw, addr, db) }
				dsnURL := fmt.Sprintf("mysql://%s:%s@%s/%s", user, url.QueryEscape(pw), addr, src)
				dir := t.TempDir()
				in := func(name string) string { return filepath.Join(dir, name) }
				runs := []struct {
					code int
					args []string
				}{
					{0, []string{"extract", "--source", dsn(src), "--format", "csv", "--out", in("out"), "--json", in("e.json"), "--report", in("e.md")}},
					{1, []string{"verify", "--source", dsnURL, "--target", dsn(tgt), "--map", src + ".*=" + tgt + ".*", "--fix-sql", in("fix.sql"), "--json", in("v.json"), "--report", in("v.md")}},
					{0, []string{"bench", "--dsn", "old=" + dsn(src), "--query", "one=SELECT COUNT(*) FROM customers", "--runs", "1", "--warmup", "0",
						"--json", in("b.json"), "--report", in("b.md")}},
					{2, []string{"extract", "--source", dsn("pt_no_such_db"), "--format", "none", "--json", in("f.json")}},
					{2, []string{"extract", "--source", fmt.Sprintf("%s:%s@tcp(%s/%s", user, pw, addr, src), "--format", "none"}},
					{2, []string{"extract", "--source", fmt.Sprintf("mysql://%s:%s@%s:33o6/%s", user, pw, addr, src), "--format", "none"}},
					{2, []string{"verify", "--source", dsn(src), dsn(tgt)}},
					{2, []string{"extract", "-p" + pw, "--source", dsn(src)}},
				}
				var all strings.Builder
				for _, r := range runs {
					var stdout, stderr bytes.Buffer
					code := run(context.Background(), r.args, &stdout, &stderr)
					if code != r.code {
						t.Errorf("parity %s: exit %d, want %d\n%s", r.args[0], code, r.code, stderr.String())
					}
					all.WriteString(stdout.String() + stderr.String())
				}
				err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
					if err != nil || info.IsDir() {
						return err
					}
					data, err := os.ReadFile(path)
					all.Write(data)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				text := all.String()
				for _, want := range []string{"fix SQL", "pt_no_such_db", "customers"} {
					if !strings.Contains(text, want) {
						t.Errorf("the outputs lack %q: did the commands run?", want)
					}
				}
				asValue := regexp.MustCompile(`(^|[^A-Za-z0-9_.-])` + regexp.QuoteMeta(pw) + `($|[^A-Za-z0-9_.-])`)
				if m := asValue.FindStringIndex(text); m != nil || len(pw) >= 8 && strings.Contains(text, pw) {
					at := max(0, strings.Index(text, pw)-80)
					t.Errorf("the password appears in the output: ...%s...", text[at:min(len(text), at+160)])
				}
				if i := strings.Index(text, "***"); i >= 0 {
					t.Errorf("something had to be masked: ...%s...", text[max(0, i-80):min(len(text), i+80)])
				}
			})
		}
	})
}
