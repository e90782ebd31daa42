package testbed

import (
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TLSServer is a throwaway server started with certificates of its own.
// It listens on 127.0.0.1, which its certificate names, and on 127.0.0.2,
// which it does not.
type TLSServer struct {
	Name  string  // "mariadb" or "mysql"
	Port  int     //
	Admin *sql.DB // root over the server's Unix socket
}

// Addr is host:port of the server on host (127.0.0.1 or 127.0.0.2).
func (s *TLSServer) Addr(host string) string { return net.JoinHostPort(host, strconv.Itoa(s.Port)) }

// TLSServers are a MariaDB and a MySQL 9 with TLS, sharing one CA.
type TLSServers struct {
	Certs   *Certificates
	MariaDB *TLSServer
	MySQL   *TLSServer
}

// Each returns both servers, MariaDB first.
func (p *TLSServers) Each() []*TLSServer { return []*TLSServer{p.MariaDB, p.MySQL} }

var tlsServers struct {
	sync.Mutex
	started *TLSServers
	err     error
	stopsMu sync.Mutex // the two servers start at once
	stops   []func()
}

// onStop registers what StopTLS undoes, in reverse order.
func onStop(f func()) {
	tlsServers.stopsMu.Lock()
	defer tlsServers.stopsMu.Unlock()
	tlsServers.stops = append(tlsServers.stops, f)
}

// StartTLS returns this test binary's pair of TLS servers, starting them
// on first use: a MariaDB from the host's packages and a MySQL 9 from the
// testbed's chroot, each with a fresh datadir copied from an initialized
// template (made once per machine, kept next to the chroot), on ports and
// directories of its own. Starting takes a few seconds, so a test package
// shares one pair; its TestMain calls StopTLS when the tests are done.
// Without the testbed's chroot or MariaDB the test fails under CI=true and
// skips elsewhere.
func StartTLS(t testing.TB) *TLSServers {
	t.Helper()
	for _, bin := range []string{"mariadb-install-db", "mariadbd"} {
		if _, err := exec.LookPath(bin); err != nil {
			needTestbed(t, bin+" not found")
		}
	}
	if _, err := os.Stat(filepath.Join(chrootDir(), "usr/sbin/mysqld")); err != nil {
		needTestbed(t, "the MySQL chroot is missing: "+err.Error())
	}
	tlsServers.Lock()
	defer tlsServers.Unlock()
	if tlsServers.started == nil && tlsServers.err == nil {
		tlsServers.started, tlsServers.err = startTLSServers()
	}
	if tlsServers.err != nil {
		t.Fatalf("TLS servers: %v", tlsServers.err)
	}
	return tlsServers.started
}

// StopTLS stops the servers StartTLS started and removes their files.
func StopTLS() {
	tlsServers.Lock()
	defer tlsServers.Unlock()
	tlsServers.stopsMu.Lock()
	defer tlsServers.stopsMu.Unlock()
	for i := len(tlsServers.stops) - 1; i >= 0; i-- {
		tlsServers.stops[i]()
	}
	tlsServers.stops, tlsServers.started, tlsServers.err = nil, nil, nil
}

func needTestbed(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: make testbed-up installs what the TLS servers need", why)
	}
	t.Skipf("%s: run make testbed-up", why)
}

// runPrefix names a test binary's run directory inside the chroot's /tmp;
// the process id follows, so a later run can remove what a killed one
// left.
const runPrefix = "parity-tls-"

func startTLSServers() (*TLSServers, error) {
	root := chrootDir()
	sweepRuns(filepath.Join(root, "tmp"))
	inside := "/tmp/" + runPrefix + strconv.Itoa(os.Getpid())
	run := filepath.Join(root, inside)
	if err := os.MkdirAll(run, 0o755); err != nil {
		return nil, err
	}
	onStop(func() { os.RemoveAll(run) })
	certs, err := WriteCertificates(filepath.Join(run, "certs"), "parity")
	if err != nil {
		return nil, err
	}
	pair := &TLSServers{Certs: certs}
	var wg sync.WaitGroup
	var errMariaDB, errMySQL error
	wg.Add(2)
	go func() {
		defer wg.Done()
		pair.MariaDB, errMariaDB = startMariaDBTLS(run, certs)
	}()
	go func() {
		defer wg.Done()
		pair.MySQL, errMySQL = startMySQLTLS(root, inside, certs)
	}()
	wg.Wait()
	if err := errors.Join(errMariaDB, errMySQL); err != nil {
		return nil, err
	}
	return pair, nil
}

// sweepRuns removes the run directories of test binaries that are gone.
// Their servers went with them (they die with the process that started
// them).
func sweepRuns(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.TrimPrefix(e.Name(), runPrefix))
		if !strings.HasPrefix(e.Name(), runPrefix) || err != nil || pid == os.Getpid() {
			continue
		}
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

func startMariaDBTLS(run string, c *Certificates) (*TLSServer, error) {
	template := filepath.Join(filepath.Dir(chrootDir()), "templates", "mariadb")
	err := ensureTemplate(template, func(dir string) *exec.Cmd {
		return exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+dir, "--user=root",
			"--auth-root-authentication-method=normal", "--skip-test-db")
	})
	if err != nil {
		return nil, fmt.Errorf("MariaDB template: %w", err)
	}
	data := filepath.Join(run, "mariadb")
	if out, err := exec.Command("cp", "-a", template, data).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("copy the MariaDB template: %v: %s", err, out)
	}
	port, err := freeDualPort()
	if err != nil {
		return nil, err
	}
	sock, errLog := filepath.Join(run, "mariadb.sock"), filepath.Join(run, "mariadb-error.log")
	srv := exec.Command("mariadbd", "--no-defaults", "--user=root", "--datadir="+data, fmt.Sprintf("--port=%d", port),
		"--bind-address=127.0.0.1,127.0.0.2", "--socket="+sock, "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
		"--ssl-ca="+c.CA, "--ssl-cert="+c.ServerCert, "--ssl-key="+c.ServerKey, "--log-error="+errLog)
	return startServer("mariadb", srv, port, sock, errLog)
}

func startMySQLTLS(root, inside string, c *Certificates) (*TLSServer, error) {
	template := filepath.Join(root, "var/lib/parity-templates/mysql")
	err := ensureTemplate(template, func(dir string) *exec.Cmd {
		return exec.Command("chroot", root, "/usr/sbin/mysqld", "--no-defaults", "--initialize-insecure", "--user=root",
			"--datadir="+strings.TrimPrefix(dir, root), "--log-error="+strings.TrimPrefix(dir, root)+".log")
	})
	if err != nil {
		return nil, fmt.Errorf("MySQL template: %w", err)
	}
	if out, err := exec.Command("cp", "-a", template, filepath.Join(root, inside, "mysql")).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("copy the MySQL template: %v: %s", err, out)
	}
	port, err := freeDualPort()
	if err != nil {
		return nil, err
	}
	in := func(p string) string { return strings.TrimPrefix(p, root) } // the server sees the chroot's paths
	srv := exec.Command("chroot", root, "/usr/sbin/mysqld", "--no-defaults", "--user=root", "--datadir="+inside+"/mysql",
		fmt.Sprintf("--port=%d", port), "--bind-address=127.0.0.1,127.0.0.2", "--socket="+inside+"/mysql.sock",
		"--pid-file="+inside+"/mysql.pid", "--mysqlx=OFF", "--secure-file-priv=", "--disable-log-bin",
		"--skip-name-resolve", "--innodb-buffer-pool-size=32M",
		"--ssl-ca="+in(c.CA), "--ssl-cert="+in(c.ServerCert), "--ssl-key="+in(c.ServerKey),
		"--log-error="+inside+"/mysql-error.log")
	return startServer("mysql", srv, port, filepath.Join(root, inside, "mysql.sock"), filepath.Join(root, inside, "mysql-error.log"))
}

// ensureTemplate makes an initialized datadir at dir once per machine:
// initialized beside it and renamed into place, so a run that is killed
// half-way, or two runs at once, never leave a half-made template.
func ensureTemplate(dir string, initialize func(dir string) *exec.Cmd) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	defer os.RemoveAll(tmp)
	defer os.Remove(tmp + ".log")
	if out, err := initialize(tmp).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(tmp + ".log")
		return fmt.Errorf("initialize: %v\n%s%s", err, out, log)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return nil // another run made it first
		}
		return err
	}
	return nil
}

// startServer starts srv, which dies with this process, and waits until
// root answers on its socket.
func startServer(name string, srv *exec.Cmd, port int, sock, errLog string) (*TLSServer, error) {
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(srv.SysProcAttr)
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	exited := make(chan struct{})
	go func() { _ = srv.Wait(); close(exited) }()
	stop := func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = srv.Process.Kill()
			<-exited
		}
	}
	onStop(stop)
	admin, err := sql.Open("mysql", "root@unix("+sock+")/")
	if err != nil {
		return nil, err
	}
	onStop(func() { admin.Close() })
	deadline := time.Now().Add(120 * time.Second)
	for {
		if err = admin.Ping(); err == nil {
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(errLog)
			return nil, fmt.Errorf("%s exited: %s", name, log)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s on port %d did not answer: %v", name, port, err)
		}
	}
	return &TLSServer{Name: name, Port: port, Admin: admin}, nil
}

// freeDualPort finds a port free on both 127.0.0.1 and 127.0.0.2.
func freeDualPort() (int, error) {
	for range 20 {
		l1, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l1.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", net.JoinHostPort("127.0.0.2", strconv.Itoa(port)))
		l1.Close()
		if err == nil {
			l2.Close()
			return port, nil
		}
	}
	return 0, errors.New("no port free on both 127.0.0.1 and 127.0.0.2")
}
