package explain_test

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parity-db/parity/explain"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

var update = flag.Bool("update", false, "rewrite testdata/ with the plans the testbed servers print")

// goldenDatabase replaces the test's random database name in the saved
// documents (MySQL qualifies columns with it), so that a refresh changes
// only what the servers changed.
const goldenDatabase = "parity_explain"

// TestServers explains every case on every testbed server, in each kind of
// document the server prints, and checks the plans; with -update it saves
// the documents under testdata/ for the tests that run without servers.
func TestServers(t *testing.T) {
	plans := map[string]map[string]*explain.Plan{}
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "explain")
		p := s.Open(t, db, 1)
		testbed.Exec(t, p, testSchema...)
		c, err := p.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var version string
		if err := c.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
			t.Fatal(err)
		}
		serverKinds := []string{kindMySQL, kindMySQLV2, kindHypergraph}
		if p.Server.Flavor == schema.MariaDB {
			serverKinds = []string{kindMariaDB}
		}
		for _, kind := range serverKinds {
			if !setUp(t, c, kind) {
				continue
			}
			plans[kind] = map[string]*explain.Plan{}
			for _, pc := range planCases {
				doc := document(t, c, kind, pc)
				plan, err := explain.Parse(doc)
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", kind, pc.name, err, doc)
				}
				checkPlan(t, pc, kind, plan)
				plans[kind][pc.name] = plan
				if *update {
					save(t, kind, pc.name+".json", bytes.ReplaceAll(doc, []byte(db), []byte(goldenDatabase)))
				}
			}
			if *update {
				save(t, kind, "VERSION", []byte(version+"\n"))
			}
			tearDown(t, c, kind)
		}
	})
	checkCross(t, plans)
}

// setUp readies c for a kind of document; false when the server cannot
// print it (a MySQL built without the hypergraph optimizer).
func setUp(t *testing.T, c *sql.Conn, kind string) bool {
	t.Helper()
	switch kind {
	case kindMySQLV2:
		exec(t, c, "SET SESSION explain_json_format_version = 2")
	case kindHypergraph:
		if _, err := c.ExecContext(context.Background(), "SET SESSION optimizer_switch = 'hypergraph_optimizer=on'"); err != nil {
			t.Logf("no hypergraph optimizer: %v", err)
			return false
		}
	}
	return true
}

// tearDown undoes setUp.
func tearDown(t *testing.T, c *sql.Conn, kind string) {
	t.Helper()
	switch kind {
	case kindMySQLV2:
		exec(t, c, "SET SESSION explain_json_format_version = DEFAULT")
	case kindHypergraph:
		exec(t, c, "SET SESSION optimizer_switch = DEFAULT")
	}
}

// document is the plan of pc as the server prints it for kind: through
// Explain for format 1, as the session is set up otherwise.
func document(t *testing.T, c *sql.Conn, kind string, pc planCase) []byte {
	t.Helper()
	ctx := context.Background()
	if kind == kindMariaDB || kind == kindMySQL {
		if name, value := pc.mariaDB[0], pc.mariaDB[1]; name != "" && kind == kindMariaDB {
			exec(t, c, "SET SESSION "+name+" = "+value)
			defer exec(t, c, "SET SESSION "+name+" = DEFAULT")
		}
		before := formatVersion(t, c)
		plan, err := explain.Explain(ctx, c, pc.query+";")
		if err != nil {
			t.Fatalf("%s %s: %v", kind, pc.name, err)
		}
		if after := formatVersion(t, c); after != before {
			t.Errorf("%s %s: explain_json_format_version %s before Explain, %s after", kind, pc.name, before, after)
		}
		return plan.Raw
	}
	var doc []byte
	if err := c.QueryRowContext(ctx, "EXPLAIN FORMAT=JSON "+pc.query).Scan(&doc); err != nil {
		t.Fatalf("%s %s: %v", kind, pc.name, err)
	}
	return doc
}

// formatVersion is the session's explain_json_format_version, "none" where
// the server has no such variable.
func formatVersion(t *testing.T, c *sql.Conn) string {
	t.Helper()
	var v string
	if err := c.QueryRowContext(context.Background(), "SELECT @@SESSION.explain_json_format_version").Scan(&v); err != nil {
		return "none"
	}
	return v
}

func exec(t *testing.T, c *sql.Conn, stmt string) {
	t.Helper()
	if _, err := c.ExecContext(context.Background(), stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func save(t *testing.T, kind, name string, data []byte) {
	t.Helper()
	path := filepath.Join("testdata", kind, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		data = append(data, '\n')
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCompareAddedIndex explains one query before and after an index is
// added for it, on each server: the one plan change a migration most often
// brings, or loses.
func TestCompareAddedIndex(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		db := s.Database(t, "explain_index")
		p := s.Open(t, db, 1)
		testbed.Exec(t, p, testSchema...)
		c, err := p.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		const query = "SELECT * FROM visits WHERE customer_id = 7"
		before, err := explain.Explain(ctx, c, query)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, c, "ALTER TABLE visits ADD INDEX idx_customer (customer_id)")
		exec(t, c, "ANALYZE TABLE visits")
		after, err := explain.Explain(ctx, c, query)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("before: %s\nafter:  %s\nchanges: %v", before.Summary(), after.Summary(), explain.Compare(before, after))

		got := strings.Join(maskRows(explain.Compare(before, after)), "; ")
		want := "visits: type ALL → ref; visits: key none → idx_customer; visits: rows"
		if got != want {
			t.Errorf("Compare(without index, with index) = %q, want %q", got, want)
		}
		got = strings.Join(maskRows(explain.Compare(after, before)), "; ")
		want = "visits: type ref → ALL; visits: key idx_customer → none; visits: rows"
		if got != want {
			t.Errorf("Compare(with index, without index) = %q, want %q", got, want)
		}
		if changes := explain.Compare(after, after); len(changes) != 0 {
			t.Errorf("Compare of a plan with itself = %v, want none", changes)
		}
	})
}

// TestExplainError checks that a query the server refuses comes back as an
// error naming the query, with the session as Explain found it.
func TestExplainError(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		p := s.Open(t, s.Database(t, "explain_error"), 1)
		c, err := p.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		before := formatVersion(t, c)
		_, err = explain.Explain(ctx, c, "SELECT * FROM no_such_table")
		if err == nil || !strings.Contains(err.Error(), "explain SELECT * FROM no_such_table: ") {
			t.Errorf("Explain of a missing table: error %v, want one naming the query", err)
		}
		if after := formatVersion(t, c); after != before {
			t.Errorf("explain_json_format_version %s before a failed Explain, %s after", before, after)
		}
	})
}
