package testbed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Instance is a server started for one test, which the test may kill with
// SIGKILL and start again: what a crash, a restart or a failover looks like
// to parity. The shared testbed servers must never be disturbed, so every
// fault test brings its own. The server answers root without a password on
// 127.0.0.1:Port, and is killed and its data removed when the test ends.
type Instance struct {
	Name string // "mariadb" or "mysql", for messages
	Port int
	DSN  string // root@tcp(127.0.0.1:PORT)/

	t       testing.TB
	argv    []string // command line that starts the server
	errLog  string   // host path of its error log
	mu      sync.Mutex
	proc    *os.Process
	exited  chan struct{}
	cleanup func()
}

// StartMariaDB starts a MariaDB of its own in a temporary directory. It
// needs mariadb-install-db and mariadbd, which make testbed-up installs.
func StartMariaDB(t *testing.T) *Instance {
	t.Helper()
	need(t, "mariadb-install-db", "mariadbd")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	install := exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+data, "--user=root",
		"--auth-root-authentication-method=normal", "--skip-test-db")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	initFile := filepath.Join(dir, "init.sql")
	if err := os.WriteFile(initFile, []byte(rootOverTCP), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	in := &Instance{Name: "mariadb", Port: freePort(t), t: t, errLog: filepath.Join(dir, "error.log")}
	in.argv = []string{"mariadbd", "--no-defaults", "--user=root", "--datadir=" + data,
		fmt.Sprintf("--port=%d", in.Port), "--bind-address=127.0.0.1", "--socket=" + filepath.Join(dir, "sock"),
		"--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--init-file=" + initFile, "--log-error=" + in.errLog,
		"--tmpdir=" + tmp}
	in.DSN = fmt.Sprintf("root@tcp(127.0.0.1:%d)/", in.Port)
	in.Start()
	return in
}

// rootOverTCP lets the tests connect as root over TCP; it runs at every
// start (--init-file), so it must be idempotent.
const rootOverTCP = "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n" +
	"GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n"

// StartMySQL starts a MySQL 9.x of its own inside the testbed's chroot
// (PARITY_TESTBED_CHROOT, default /var/cache/parity-testbed/mysql-sid),
// from a data directory initialized once per machine and copied, so a start
// takes seconds rather than an initialization.
func StartMySQL(t *testing.T) *Instance {
	t.Helper()
	root := chrootDir()
	if _, err := os.Stat(filepath.Join(root, "usr/sbin/mysqld")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no MySQL chroot at %s: make testbed-up builds it", root)
		}
		t.Skipf("no MySQL chroot at %s: run make testbed-up", root)
	}
	template := mysqlTemplate(t, root)
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "throwaway-" + hex.EncodeToString(b[:])
	data := "/data/" + name // inside the chroot
	if out, err := exec.Command("cp", "-a", filepath.Join(root, template), filepath.Join(root, data)).CombinedOutput(); err != nil {
		t.Fatalf("copy MySQL template: %v\n%s", err, out)
	}
	in := &Instance{Name: "mysql", Port: freePort(t), t: t, errLog: filepath.Join(root, data+".err")}
	in.argv = append([]string{"chroot", root}, mysqldArgs(data, in.Port, name)...)
	in.argv = append(in.argv, "--log-error="+data+".err")
	in.DSN = fmt.Sprintf("root@tcp(127.0.0.1:%d)/", in.Port)
	in.cleanup = func() {
		_ = os.RemoveAll(filepath.Join(root, data))
		_ = os.Remove(in.errLog)
		_ = os.Remove(filepath.Join(root, "run/mysqld", name+".sock"))
		_ = os.Remove(filepath.Join(root, "run/mysqld", name+".sock.lock"))
	}
	in.Start()
	return in
}

// mysqldArgs is the command line, inside the chroot, of a small MySQL on
// port with its data in dir. Without --log-error it logs to stderr.
func mysqldArgs(dir string, port int, name string) []string {
	return []string{"/usr/sbin/mysqld", "--no-defaults", "--user=root", "--datadir=" + dir,
		fmt.Sprintf("--port=%d", port), "--bind-address=127.0.0.1", "--socket=/run/mysqld/" + name + ".sock",
		"--mysqlx=OFF", "--secure-file-priv=", "--disable-log-bin", "--skip-name-resolve", "--performance-schema=OFF",
		"--innodb-buffer-pool-size=32M", "--innodb-redo-log-capacity=8M"}
}

func chrootDir() string {
	if d := os.Getenv("PARITY_TESTBED_CHROOT"); d != "" {
		return d
	}
	return "/var/cache/parity-testbed/mysql-sid"
}

// mysqlTemplate returns the chroot path of an initialized MySQL data
// directory with root@127.0.0.1, creating it under a file lock the first
// time (test packages run in parallel).
func mysqlTemplate(t *testing.T, root string) string {
	t.Helper()
	const template = "/data/throwaway-template"
	done := filepath.Join(root, template, ".parity-complete")
	if _, err := os.Stat(done); err == nil {
		return template
	}
	lock, err := os.OpenFile(filepath.Join(root, "data/.throwaway-template.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) }()
	if _, err := os.Stat(done); err == nil {
		return template
	}
	_ = os.RemoveAll(filepath.Join(root, template))
	if err := os.WriteFile(filepath.Join(root, "tmp/throwaway-init.sql"), []byte(rootOverTCP), 0o644); err != nil {
		t.Fatal(err)
	}
	init := exec.Command("chroot", root, "/usr/sbin/mysqld", "--no-defaults", "--initialize-insecure", "--user=root",
		"--datadir="+template, "--innodb-redo-log-capacity=8M", "--innodb-buffer-pool-size=32M",
		"--init-file=/tmp/throwaway-init.sql")
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("initialize MySQL template: %v\n%s", err, out)
	}
	// One start and clean stop does the first start's work (undo and temp
	// tablespaces, the upgrade check) in the template, not in every copy.
	warm := &Instance{Name: "mysql template", Port: freePort(t), t: t, errLog: filepath.Join(root, template+".err")}
	warm.argv = append([]string{"chroot", root}, mysqldArgs(template, warm.Port, "throwaway-template")...)
	warm.argv = append(warm.argv, "--log-error="+template+".err")
	warm.DSN = fmt.Sprintf("root@tcp(127.0.0.1:%d)/", warm.Port)
	warm.start(false)
	warm.stop()
	_ = os.Remove(warm.errLog)
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return template
}

func need(t testing.TB, bins ...string) {
	t.Helper()
	for _, bin := range bins {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found: make testbed-up installs it", bin)
			}
			t.Skipf("%s not found: run make testbed-up", bin)
		}
	}
}

// Server is the instance as a testbed Server, for Open, Database and
// Endpoint.
func (in *Instance) Server() Server {
	return Server{Name: in.Name, EnvVar: "throwaway " + in.Name, DSN: in.DSN}
}

// Start starts the server (again, after Kill) on the same port and data,
// and returns once it answers SQL. The first Start also arranges the
// final kill and removal.
func (in *Instance) Start() {
	in.t.Helper()
	in.start(true)
}

func (in *Instance) start(cleanup bool) {
	in.t.Helper()
	in.mu.Lock()
	if in.proc != nil {
		in.mu.Unlock()
		in.t.Fatalf("%s on port %d is already running", in.Name, in.Port)
	}
	first := in.exited == nil && cleanup
	cmd := exec.Command(in.argv[0], in.argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		in.mu.Unlock()
		in.t.Fatalf("start %s: %v", in.Name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	in.proc, in.exited = cmd.Process, exited
	in.mu.Unlock()
	if first {
		in.t.Cleanup(func() {
			in.Kill()
			if in.cleanup != nil {
				in.cleanup()
			}
		})
	}
	db, err := sql.Open("mysql", in.DSN+"?timeout=2s")
	if err != nil {
		in.t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(90 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(in.errLog)
			in.t.Fatalf("%s exited at start: %s", in.Name, tail(string(log), 20))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("%s on port %d did not answer within 90s: %v", in.Name, in.Port, err)
		}
	}
}

// Kill stops the server with SIGKILL, as a crash does, and waits until it
// is gone. Killing a stopped server does nothing.
func (in *Instance) Kill() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.proc == nil {
		return
	}
	_ = in.proc.Signal(syscall.SIGKILL)
	<-in.exited
	in.proc = nil
}

// stop shuts the server down cleanly (SIGTERM) and waits.
func (in *Instance) stop() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.proc == nil {
		return
	}
	_ = in.proc.Signal(syscall.SIGTERM)
	<-in.exited
	in.proc = nil
}

// Running reports whether the server process is alive.
func (in *Instance) Running() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.proc != nil
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
