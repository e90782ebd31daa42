package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestHardTables: every table is accounted for. A table only one side has
// is a difference in every mode, --data-only included; a target account
// that cannot see some tables never gets "equal"; an account with only
// table-level grants gets a note that privileges may hide tables; tables
// named "a/b.c" and "x.y z" are selected by the default selection and by
// globs, in verify and in extract; the schema verdict does not depend on
// the source account's privileges; the same server and schema on both
// sides is refused.
func TestHardTables(t *testing.T) {
	t.Parallel() // small tables: runs beside the other small classes, after the timed and the big ones
	table := func(name string) datagen.HardTable {
		ht, ok := datagen.HardTableNamed(name)
		if !ok {
			t.Fatalf("no hard table %s", name)
		}
		return ht
	}
	plain, only := table("tbl_plain"), table("tbl_source_only")

	t.Run("source_only_table", func(t *testing.T) {
		p := newHardPair(t, mariadbToMySQL, "tbls")
		p.load(t, plain, only)
		testbed.Exec(t, p.tgtPool, "DROP TABLE "+p.qualified(true, only.Name))
		for _, mode := range p.modes() {
			for _, dataOnly := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/data-only=%v", mode, dataOnly), func(t *testing.T) {
					run := p.verify(t, verifyArgs{mode: mode, dataOnly: dataOnly})
					wantTableDifference(t, run, p.srcDB+"."+only.Name, only.Name)
				})
			}
		}
	})

	t.Run("target_only_table", func(t *testing.T) {
		// Decision: a table only the target has holds rows the source does
		// not, so it is a difference too, --data-only or not.
		p := newHardPair(t, mariadbToMySQL, "tbls")
		p.load(t, plain, only)
		testbed.Exec(t, p.srcPool, "DROP TABLE "+p.qualified(false, only.Name))
		for _, mode := range p.modes() {
			for _, dataOnly := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/data-only=%v", mode, dataOnly), func(t *testing.T) {
					run := p.verify(t, verifyArgs{mode: mode, dataOnly: dataOnly})
					wantTableDifference(t, run, p.tgtDB+"."+only.Name, only.Name)
				})
			}
		}
	})

	t.Run("target_account_sees_some_tables", func(t *testing.T) {
		p := newHardPair(t, mariadbToMySQL, "tbls")
		p.load(t, plain, only)
		user := restrictedUser(t, p.tgt, p.tgtDB, plain.Name)
		for _, mode := range p.modes() {
			for _, dataOnly := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/data-only=%v", mode, dataOnly), func(t *testing.T) {
					run := p.verify(t, verifyArgs{mode: mode, dataOnly: dataOnly, tgt: user})
					wantTableDifference(t, run, only.Name, only.Name)
					wantNote(t, run, notePrivileges)
				})
			}
		}
	})

	t.Run("source_account_with_table_grants", func(t *testing.T) {
		p := newHardPair(t, mariadbToMySQL, "tbls")
		p.load(t, plain, only)
		user := restrictedUser(t, p.src, p.srcDB, plain.Name, only.Name)
		for _, mode := range p.modes() {
			t.Run(mode, func(t *testing.T) {
				run := p.verify(t, verifyArgs{mode: mode, src: user})
				if run.code != 0 {
					t.Errorf("equal tables: exit %d, want 0\n%s", run.code, run.output())
				}
				wantNote(t, run, notePrivileges)
			})
		}
	})

	t.Run("odd_names", func(t *testing.T) { oddNames(t, table) })

	t.Run("schema_verdict_privileges", func(t *testing.T) {
		p := newHardPair(t, mariadbToMySQL, "tbls")
		js := table("tbl_json")
		p.load(t, plain, js)
		user := restrictedUser(t, p.src, p.srcDB, plain.Name, js.Name)
		for _, mode := range p.modes() {
			t.Run(mode, func(t *testing.T) {
				full := p.verify(t, verifyArgs{mode: mode})
				limited := p.verify(t, verifyArgs{mode: mode, src: user})
				if full.code != 0 {
					t.Errorf("privileged account on equal tables: exit %d, want 0\n%s", full.code, full.output())
				}
				if limited.code != full.code {
					t.Errorf("SELECT-only account: exit %d, privileged account: exit %d\nSELECT-only:\n%s", limited.code, full.code, limited.output())
				}
				if f, l := findingsOf(full), findingsOf(limited); !slices.Equal(f, l) {
					t.Errorf("schema findings depend on the account's privileges:\nprivileged:  %q\nSELECT-only: %q", f, l)
				}
			})
		}
	})

	t.Run("same_server_same_schema", func(t *testing.T) {
		for _, name := range []string{"old", "new"} {
			t.Run(name, func(t *testing.T) {
				s := testbed.Get(t, name)
				db := s.Database(t, "same")
				other := s.Database(t, "same")
				pool := s.Open(t, db, 1)
				if err := plain.CreateSource(context.Background(), pool.DB, pool.Server.Flavor, db, hardSeed); err != nil {
					t.Fatal(err)
				}
				if err := plain.CreateSource(context.Background(), pool.DB, pool.Server.Flavor, other, hardSeed); err != nil {
					t.Fatal(err)
				}
				dsn := testbed.WithDatabase(s.DSN, db)
				viaLocalhost := strings.Replace(dsn, "127.0.0.1", "localhost", 1)
				refused := []struct {
					name    string
					args    []string
					aliased bool // reaches the server through "localhost"
				}{
					{"same DSN", []string{"--source", dsn, "--target", dsn}, false},
					{"same server by another address", []string{"--source", dsn, "--target", viaLocalhost}, true},
					{"mapped onto itself", []string{"--source", dsn, "--target", testbed.WithDatabase(s.DSN, other), "--map", db + ".*=" + db + ".*"}, false},
				}
				for _, r := range refused {
					t.Run(r.name, func(t *testing.T) {
						if r.aliased && viaLocalhost == dsn {
							// A server brought by the user may not listen on 127.0.0.1.
							t.Skipf("DSN %s has no 127.0.0.1 to reach the same server by another address", conn.Redact(dsn))
						}
						code, stdout, stderr, _ := runBinary(t, verifyTimeLimit, append([]string{"verify"}, r.args...)...)
						if code != 2 || !strings.Contains(strings.ToLower(stderr), "same") {
							t.Errorf("exit %d, want 2 with a usage error saying source and target are the same\n%s%s", code, stdout, stderr)
						}
					})
				}
				t.Run("two schemas on one server", func(t *testing.T) {
					code, stdout, stderr, _ := runBinary(t, verifyTimeLimit, "verify", "--source", dsn,
						"--target", testbed.WithDatabase(s.DSN, other), "--map", db+".*="+other+".*")
					if code != 0 {
						t.Errorf("exit %d, want 0: two schemas of one server are two copies\n%s%s", code, stdout, stderr)
					}
				})
			})
		}
	})
}

// wantTableDifference requires exit 1 and the table named in the result:
// the --json document and the summary both mention it.
func wantTableDifference(t *testing.T, run *verifyRun, qualified, name string) {
	t.Helper()
	if run.code != 1 {
		t.Errorf("exit %d, want 1: table %s is on one side only or cannot be seen\n%s", run.code, qualified, run.output())
	}
	res, _ := json.Marshal(run.raw["result"])
	if !strings.Contains(string(res), name) {
		t.Errorf("the --json result does not mention table %s", qualified)
	}
	if !strings.Contains(run.stdout, name) {
		t.Errorf("the summary does not mention table %s\n%s", qualified, run.stdout)
	}
}

// wantNote requires a note matching re in the --json result and the
// summary.
func wantNote(t *testing.T, run *verifyRun, re interface{ MatchString(string) bool }) {
	t.Helper()
	var notes []string
	if run.doc.Result != nil {
		notes = run.doc.Result.Notes
	}
	if !slices.ContainsFunc(notes, re.MatchString) {
		t.Errorf("no note says privileges may hide tables; notes: %q", notes)
	}
	if !re.MatchString(run.stdout + run.stderr) {
		t.Errorf("the output does not say privileges may hide tables\n%s", run.output())
	}
}

// findingsOf lists a run's schema findings, sorted, without their
// messages.
func findingsOf(run *verifyRun) []string {
	var out []string
	if run.doc.Result != nil {
		for _, f := range run.doc.Result.Findings {
			out = append(out, strings.Join([]string{f.Severity, f.Kind, f.Table, f.Column}, " "))
		}
	}
	sort.Strings(out)
	return out
}

// restrictedUser creates an account on s with SELECT on the named tables
// of db only, dropped when the test ends, and returns its DSN for db.
func restrictedUser(t *testing.T, s testbed.Server, db string, tables ...string) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	user, pass := "pt_h_"+hex.EncodeToString(b[:]), "pt-h-"+hex.EncodeToString(b[:])
	admin := s.Open(t, "", 1)
	stmts := []string{fmt.Sprintf("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'", user, pass)}
	for _, tbl := range tables {
		stmts = append(stmts, fmt.Sprintf("GRANT SELECT ON %s.%s TO '%s'@'127.0.0.1'", schema.QuoteIdent(db), schema.QuoteIdent(tbl), user))
	}
	testbed.Exec(t, admin, stmts...)
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), fmt.Sprintf("DROP USER '%s'@'127.0.0.1'", user))
	})
	ep := s.Endpoint(t, db)
	return fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, ep.Config.Addr, db)
}

// oddNames: tables named "a/b.c", "a_b.c" (what a careless escape of the
// slash makes of it) and "x.y z" beside a plain one, each with a missing
// row on the target. The default selection, "*" and "a*" must pick them in
// verify and in extract, whose files must sit in the output directory under
// names of their own.
func oddNames(t *testing.T, table func(string) datagen.HardTable) {
	outer := t
	names := []string{"a/b.c", "a_b.c", "x.y z", "tbl_plain"}
	var tables []datagen.HardTable
	for _, n := range names {
		tables = append(tables, table(n))
	}
	p := newHardPair(t, mariadbToMySQL, "odd")
	p.load(t, tables...)
	want := map[string][]wantDiff{}
	for _, ht := range tables {
		row := ht.Rows(hardSeed)[0]
		p.deleteRow(t, true, ht, row)
		want[ht.Name] = []wantDiff{missing(rowKey(t, ht, row))}
	}
	selections := []struct {
		name     string
		patterns string
		picks    []string
	}{
		{"default", "", names},
		{"star", "*", names},
		{"qualified star", p.srcDB + ".*", names},
		{"a-star", "a*", []string{"a/b.c", "a_b.c"}},
		{"literal", p.srcDB + ".a/b.c," + p.srcDB + ".x.y z", []string{"a/b.c", "x.y z"}},
	}
	var fixFile string
	for _, sel := range selections {
		t.Run("verify/"+sel.name, func(t *testing.T) {
			for _, mode := range p.modes() {
				t.Run(mode, func(t *testing.T) {
					run := p.verify(t, verifyArgs{patterns: sel.patterns, mode: mode, fix: sel.name == "default", dataOnly: true})
					var got []string
					if run.doc.Result != nil {
						for _, tr := range run.doc.Result.Tables {
							got = append(got, strings.TrimPrefix(tr.Table, p.srcDB+"."))
						}
					}
					sort.Strings(got)
					if wantNames := slices.Sorted(slices.Values(sel.picks)); !slices.Equal(got, wantNames) {
						t.Errorf("--tables %q compared %q, want %q\n%s", sel.patterns, got, wantNames, run.output())
					}
					for _, ht := range tables {
						if slices.Contains(sel.picks, ht.Name) && run.table(p.srcDB, ht.Name) != nil {
							t.Run(ht.Name, func(t *testing.T) {
								p.checkRun(t, &verifyRun{code: min(run.code, 1), doc: run.doc, stdout: run.stdout, stderr: run.stderr},
									ht, expectation{want: want[ht.Name]})
							})
						}
					}
					if sel.name == "default" && run.code == 1 && fileExists(run.fixFile) {
						fixFile = keepFile(outer, run.fixFile)
					}
				})
			}
		})
		t.Run("extract/"+sel.name, func(t *testing.T) { extractOddNames(t, p, sel.patterns, sel.picks) })
	}
	t.Run("fix", func(t *testing.T) {
		if fixFile == "" {
			t.Fatal("no verify run wrote fix SQL")
		}
		if code, out := p.applyFix(t, fixFile); code != 0 {
			t.Fatalf("mysql client stopped applying the fix SQL: exit %d\n%s\n%s", code, out, fileHead(fixFile, 3000))
		}
		for _, ht := range tables {
			if left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht)); len(left) > 0 {
				t.Errorf("%s still differs after the fix SQL: %s", ht.Name, firstDiffs(left))
			}
		}
		run := p.verify(t, verifyArgs{dataOnly: true})
		if run.code != 0 || run.doc.Result == nil || len(run.doc.Result.Tables) != len(names) {
			t.Errorf("re-verify after the fix: exit %d, want 0 over all %d tables\n%s", run.code, len(names), run.output())
		}
	})
}

// extractOddNames runs parity extract with --tables patterns ("" for the
// default selection) to CSV and checks that exactly the picked tables were
// written, each to files of its own directly in the output directory, with
// every source row.
func extractOddNames(t *testing.T, p *hardPair, patterns string, picks []string) {
	out := t.TempDir()
	args := []string{"extract", "--source", p.srcDSN(), "--format", "csv", "--out", out}
	if patterns != "" {
		args = append(args, "--tables", patterns)
	}
	code, stdout, stderr, _ := runBinary(t, verifyTimeLimit, args...)
	if code != 0 {
		t.Fatalf("extract: exit %d\n%s%s", code, stdout, stderr)
	}
	var m struct {
		Tables []struct {
			Schema string   `json:"schema"`
			Name   string   `json:"name"`
			Rows   int64    `json:"rows"`
			Files  []string `json:"files"`
		} `json:"tables"`
	}
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		t.Fatalf("manifest: %v", err)
	}
	var got []string
	owner := map[string]string{}
	for _, tb := range m.Tables {
		got = append(got, tb.Name)
		if n := int64(len(mustTable(t, tb.Name).Rows(hardSeed))); tb.Rows != n {
			t.Errorf("%s: %d rows extracted, want %d", tb.Name, tb.Rows, n)
		}
		if len(tb.Files) == 0 {
			t.Errorf("%s: no file in the manifest", tb.Name)
		}
		for _, f := range tb.Files {
			if filepath.Base(f) != f || strings.ContainsAny(f, "/\\") {
				t.Errorf("%s: file %q is not a plain name in the output directory", tb.Name, f)
			}
			if prev, ok := owner[f]; ok {
				t.Errorf("tables %s and %s share the file %q", prev, tb.Name, f)
			}
			owner[f] = tb.Name
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%s: %v", tb.Name, err)
			}
		}
	}
	sort.Strings(got)
	if want := slices.Sorted(slices.Values(picks)); !slices.Equal(got, want) {
		t.Errorf("extract --tables %q wrote %q, want %q\n%s", patterns, got, want, stderr)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if e.IsDir() {
			t.Errorf("extract made a directory %q: a table name was taken as a path", e.Name())
		}
	}
}

func mustTable(t *testing.T, name string) datagen.HardTable {
	t.Helper()
	ht, ok := datagen.HardTableNamed(name)
	if !ok {
		t.Fatalf("no hard table %q", name)
	}
	return ht
}
