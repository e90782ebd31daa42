package testbed

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// S3Server is a versitygw S3 gateway over a directory of its own, started
// for one test: a real S3 implementation (SigV4, multipart uploads,
// DeleteObjects), on a free loopback port. Objects of bucket B live as
// files under Root/B.
type S3Server struct {
	Endpoint             string // http://127.0.0.1:PORT
	AccessKey, SecretKey string
	Bucket               string // created empty
	Root                 string
	args                 []string
	proc                 *exec.Cmd
	exited               chan struct{}
}

// StartS3 starts a gateway with bucket "parity", stopped when the test
// ends. It needs versitygw, which make test builds (testbed.sh
// objstores); under CI=true its absence fails the test.
func StartS3(t testing.TB) *S3Server {
	t.Helper()
	bin := tool(t, "versitygw")
	root := t.TempDir()
	s := &S3Server{AccessKey: "AKIAPARITYTESTKEY", SecretKey: "parity-test-secret-key", Bucket: "parity", Root: root}
	if err := os.Mkdir(filepath.Join(root, s.Bucket), 0o755); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	s.Endpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
	s.args = []string{bin, "--access", s.AccessKey, "--secret", s.SecretKey, "--port", fmt.Sprintf("127.0.0.1:%d", port),
		"--quiet", "posix", root}
	s.start(t)
	t.Cleanup(func() { s.Stop(t) })
	return s
}

// Env is the environment that gives the AWS SDK this gateway's
// credentials, region and endpoint.
func (s *S3Server) Env() map[string]string {
	return map[string]string{"AWS_ACCESS_KEY_ID": s.AccessKey, "AWS_SECRET_ACCESS_KEY": s.SecretKey,
		"AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": s.Endpoint}
}

func (s *S3Server) start(t testing.TB) {
	t.Helper()
	cmd := exec.Command(s.args[0], s.args[1:]...)
	cmd.Stdout, cmd.Stderr = nil, nil
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	s.proc, s.exited = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); close(s.exited) }()
	waitListening(t, "versitygw", s.Endpoint[len("http://"):], s.exited)
}

// Stop kills the gateway (a no-op when it is not running), as a store
// that goes away in the middle of an upload does.
func (s *S3Server) Stop(t testing.TB) {
	if s.proc == nil {
		return
	}
	_ = s.proc.Process.Kill()
	<-s.exited
	s.proc = nil
}

// Restart starts a stopped gateway again on the same port and directory.
func (s *S3Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop(t)
	s.start(t)
}

// GCSServer is a fake-gcs-server (the Go GCS emulator) over a directory
// of its own, started for one test. The GCS client reaches it through
// STORAGE_EMULATOR_HOST=Host. Objects of bucket B live as files under
// Root/B.
type GCSServer struct {
	Host   string // 127.0.0.1:PORT
	Bucket string
	Root   string
}

// StartGCS starts an emulator with bucket "parity", stopped when the test
// ends. It needs fake-gcs-server, which make test builds.
func StartGCS(t testing.TB) *GCSServer {
	t.Helper()
	bin := tool(t, "fake-gcs-server")
	dir := t.TempDir()
	seed, root := filepath.Join(dir, "seed"), filepath.Join(dir, "root")
	g := &GCSServer{Bucket: "parity", Root: root}
	if err := os.MkdirAll(filepath.Join(seed, g.Bucket), 0o755); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	g.Host = fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "-scheme", "http", "-host", "127.0.0.1", "-port", fmt.Sprint(port), "-backend", "filesystem",
		"-filesystem-root", root, "-data", seed, "-public-host", g.Host, "-external-url", "http://"+g.Host, "-log-level", "error")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start fake-gcs-server: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	waitListening(t, "fake-gcs-server", g.Host, exited)
	return g
}

// tool finds a binary that testbed.sh objstores builds: on PATH, or in
// GOBIN or GOPATH/bin.
func tool(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	var dirs []string
	for _, v := range []string{"GOBIN", "GOPATH"} {
		out, err := exec.Command("go", "env", v).Output()
		if err == nil && len(out) > 1 {
			d := string(out[:len(out)-1])
			if v == "GOPATH" {
				d = filepath.Join(filepath.SplitList(d)[0], "bin")
			}
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if p := filepath.Join(d, name); isExecutable(p) {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found on PATH or in %v: make test builds it (bash testbed/testbed.sh objstores)", name, dirs)
	}
	t.Skipf("%s not found: run bash testbed/testbed.sh objstores", name)
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// waitListening waits until addr accepts connections, failing the test if
// the process exits first or 30 s pass.
func waitListening(t testing.TB, what, addr string, exited <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			t.Fatalf("%s exited before listening on %s", what, addr)
		case <-ctx.Done():
			t.Fatalf("%s does not listen on %s: %v", what, addr, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
