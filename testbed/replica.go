package testbed

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ReplicaPair is a MariaDB source and a replica of it, each a server of
// its own started for one test: the testbed's shared servers replicate from
// nobody, and binary logging stays off there.
type ReplicaPair struct {
	SourceDSN, ReplicaDSN string // root over TCP, no database
	Source, Replica       *sql.DB
}

// StartReplicaPair starts two MariaDB servers in temporary directories,
// the second replicating from the first with a delay of delay (MASTER_DELAY:
// the replica applies each event that long after the source wrote it, as a
// replica falling behind does). It needs mariadb-install-db and mariadbd,
// which make testbed-up installs; under CI=true their absence fails the
// test. The servers stop when the test ends.
func StartReplicaPair(t *testing.T, delay time.Duration) *ReplicaPair {
	t.Helper()
	for _, bin := range []string{"mariadb-install-db", "mariadbd"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found: make testbed-up installs MariaDB", bin)
			}
			t.Skipf("%s not found: run make testbed-up", bin)
		}
	}
	dir := t.TempDir()
	src := startMariaDB(t, filepath.Join(dir, "source"), 101, "--log-bin=mariadb-bin", "--binlog-format=ROW")
	rep := startMariaDB(t, filepath.Join(dir, "replica"), 102)
	ctx := context.Background()
	if _, err := src.db.ExecContext(ctx, "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'"); err != nil {
		t.Fatalf("replication user: %v", err)
	}
	if _, err := src.db.ExecContext(ctx, "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'"); err != nil {
		t.Fatalf("replication grant: %v", err)
	}
	change := fmt.Sprintf("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = %d, MASTER_USER = 'repl', "+
		"MASTER_PASSWORD = 'repl', MASTER_USE_GTID = slave_pos, MASTER_DELAY = %d", src.port, int(delay.Seconds()))
	for _, q := range []string{change, "START SLAVE"} {
		if _, err := rep.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("replica: %s: %v", q, err)
		}
	}
	return &ReplicaPair{SourceDSN: src.dsn, ReplicaDSN: rep.dsn, Source: src.db, Replica: rep.db}
}

// WaitCaughtUp waits until the replica has applied everything the source
// wrote so far.
func (p *ReplicaPair) WaitCaughtUp(t *testing.T, timeout time.Duration) {
	t.Helper()
	var pos string
	if err := p.Source.QueryRow("SELECT @@gtid_binlog_pos").Scan(&pos); err != nil {
		t.Fatalf("source position: %v", err)
	}
	var done sql.NullInt64
	q := "SELECT MASTER_GTID_WAIT(?, ?)"
	if err := p.Replica.QueryRow(q, pos, timeout.Seconds()).Scan(&done); err != nil || !done.Valid || done.Int64 != 0 {
		t.Fatalf("replica did not reach %s within %v: %v (%v)", pos, timeout, done, err)
	}
}

type mariadbServer struct {
	port int
	dsn  string
	db   *sql.DB
}

// startMariaDB initializes a datadir and starts mariadbd on a free
// loopback port, then creates root@127.0.0.1 without a password for the
// test's TCP connections.
func startMariaDB(t *testing.T, dir string, serverID int, args ...string) *mariadbServer {
	t.Helper()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	install := exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+data, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	port := freePort(t)
	sock := filepath.Join(dir, "sock")
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := exec.Command("mariadbd", append([]string{"--no-defaults", "--user=root", "--datadir=" + data, "--tmpdir=" + tmp,
		fmt.Sprintf("--port=%d", port), "--bind-address=127.0.0.1", "--socket=" + sock, "--skip-name-resolve",
		fmt.Sprintf("--server-id=%d", serverID), "--innodb-buffer-pool-size=32M", "--log-error=" + filepath.Join(dir, "error.log")},
		args...)...)
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := srv.Start(); err != nil {
		t.Fatalf("start mariadbd: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = srv.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = srv.Process.Kill()
			<-exited
		}
	})
	admin, err := sql.Open("mysql", "root@unix("+sock+")/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		if err = admin.Ping(); err == nil {
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("mariadbd exited: %s", log)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("mariadbd in %s did not answer: %v", dir, err)
		}
	}
	for _, q := range []string{"CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'", "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	dsn := fmt.Sprintf("root@tcp(127.0.0.1:%d)/", port)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &mariadbServer{port: port, dsn: dsn, db: db}
}

// freePort asks the kernel for a loopback port nobody listens on.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
