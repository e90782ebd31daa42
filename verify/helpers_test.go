package verify

import (
	"context"
	"database/sql"
	"net"
	"os/exec"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	_ "github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// pair is a source and a target database on the testbed.
type pair struct {
	src, tgt     *conn.Pool
	srcDB, tgtDB string
	srcS, tgtS   testbed.Server
}

// migrationPair makes an empty database on the old MariaDB (source) and one
// on the new MySQL (target).
func migrationPair(t *testing.T, prefix string) pair {
	t.Helper()
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	p := pair{srcS: old, tgtS: nw, srcDB: old.Database(t, prefix), tgtDB: nw.Database(t, prefix)}
	p.src = old.Open(t, p.srcDB, 8)
	p.tgt = nw.Open(t, p.tgtDB, 8)
	return p
}

// samePair makes two databases on one server: two clusters of the same kind.
func samePair(t *testing.T, s testbed.Server, prefix string) pair {
	t.Helper()
	p := pair{srcS: s, tgtS: s, srcDB: s.Database(t, prefix+"_a"), tgtDB: s.Database(t, prefix+"_b")}
	p.src = s.Open(t, p.srcDB, 8)
	p.tgt = s.Open(t, p.tgtDB, 8)
	return p
}

// dumpLoad copies tables from the source to the target as a migration
// does: mariadb-dump (data only, binary as hex, TIMESTAMP in UTC) loaded
// into the target's own schema with the mysql protocol.
func dumpLoad(t *testing.T, p pair, tables ...string) {
	t.Helper()
	ep := p.srcS.Endpoint(t, "")
	host, port, err := net.SplitHostPort(ep.Config.Addr)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--no-create-info", "--complete-insert", "--hex-blob", "--tz-utc", "--skip-triggers",
		"--default-character-set=utf8mb4", "-h", host, "-P", port, "-u", ep.Config.User, p.srcDB}, tables...)
	cmd := exec.Command("mariadb-dump", args...)
	cmd.Env = append(cmd.Environ(), "MYSQL_PWD="+ep.Config.Passwd)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("mariadb-dump: %v", err)
	}
	dsn := testbed.WithDatabase(p.tgtS.DSN, p.tgtDB)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := sql.Open("mysql", dsn+sep+"multiStatements=true&maxAllowedPacket=0")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(out)); err != nil {
		t.Fatalf("load the dump into the target: %v", err)
	}
}

func inspectBoth(t *testing.T, p pair) (src, tgt []*schema.Table) {
	t.Helper()
	ctx := context.Background()
	testbed.Exec(t, p.src, "SET @x = 1") // the pools are alive
	var err error
	if src, err = schema.Inspect(ctx, p.src.DB, p.src.Server, schema.Selection{DefaultSchema: p.srcDB}); err != nil {
		t.Fatalf("inspect source: %v", err)
	}
	if tgt, err = schema.Inspect(ctx, p.tgt.DB, p.tgt.Server, schema.Selection{DefaultSchema: p.tgtDB}); err != nil {
		t.Fatalf("inspect target: %v", err)
	}
	return src, tgt
}

// run verifies p on a checked allocator, mapping the source database to
// the target's, and fails the test on an error or leaked Arrow memory.
func run(t *testing.T, p pair, o Options) *Result {
	t.Helper()
	res, err := runErr(t, p, o)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return res
}

func runErr(t *testing.T, p pair, o Options) (*Result, error) {
	t.Helper()
	src, tgt := inspectBoth(t, p)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	o.Alloc = mem
	if o.Mapping.String() == "" {
		m, err := ParseMapping([]string{p.srcDB + ".*=" + p.tgtDB + ".*"})
		if err != nil {
			t.Fatal(err)
		}
		o.Mapping = m
	}
	res, err := Run(context.Background(), p.src, p.tgt, src, tgt, o)
	mem.AssertSize(t, 0)
	return res, err
}

func tableResult(t *testing.T, r *Result, name string) *TableResult {
	t.Helper()
	for _, tr := range r.Tables {
		if strings.HasSuffix(tr.Table, "."+name) {
			return tr
		}
	}
	t.Fatalf("no result for table %s", name)
	return nil
}
