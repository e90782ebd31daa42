package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/parity-db/parity/testbed"
)

// TestAskPass runs parity in a session whose terminal is a real
// pseudo-terminal: --ask-pass prompts there for each endpoint whose DSN
// holds no password, reads without echo, and Ctrl-C at the prompt exits
// 130 with the terminal's echo back on.
func TestAskPass(t *testing.T) {
	s := testbed.Get(t, "new")
	db := seed(t, s)
	ep := s.Endpoint(t, db)
	noPassword := ep.Config.User + "@" + ep.Config.Addr + "/" + db
	copyNoPassword := ep.Config.User + "@" + ep.Config.Addr + "/" + s.CopyDatabase(t, db)
	var terminal *os.File
	parity := func(t *testing.T, args ...string) (*exec.Cmd, *os.File) {
		var controller *os.File
		terminal, controller = testbed.OpenPTY(t)
		cmd := exec.Command(os.Args[0], args...)
		testbed.OnTerminal(cmd, terminal)
		cmd.Env = append(os.Environ(), "PARITY_TEST_MAIN=1", "PARITY_SOURCE_PASSWORD=wrong", "PARITY_TARGET_PASSWORD=wrong")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd, controller
	}

	t.Run("verify prompts for both", func(t *testing.T) {
		cmd, controller := parity(t, "verify", "--ask-pass", "--source", noPassword, "--target", copyNoPassword, "--quiet")
		testbed.Expect(t, controller, "Enter password for source "+noPassword+": ", 30*time.Second)
		controller.WriteString(testPassword + "\n")
		shown := testbed.Expect(t, controller, "Enter password for target "+copyNoPassword+": ", 30*time.Second)
		controller.WriteString(testPassword + "\n")
		if err := wait(t, cmd); err != nil {
			t.Fatalf("parity verify: %v", err)
		}
		if strings.Contains(shown, testPassword) {
			t.Errorf("the terminal showed the password: %q", shown)
		}
	})
	t.Run("a password in the DSN is not asked for", func(t *testing.T) {
		cmd, controller := parity(t, "extract", "--ask-pass", "--source", testbed.WithDatabase(s.DSN, db), "--format", "none", "--quiet")
		if err := wait(t, cmd); err != nil {
			t.Fatalf("parity extract: %v\n%s", err, testbed.Expect(t, controller, "", time.Second))
		}
	})
	t.Run("Ctrl-C at the prompt", func(t *testing.T) {
		cmd, controller := parity(t, "extract", "--ask-pass", "--source", noPassword, "--format", "none")
		testbed.Expect(t, controller, "Enter password for source", 30*time.Second)
		controller.Write([]byte{3}) // ^C: the terminal sends SIGINT
		err := wait(t, cmd)
		var code int
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != 130 {
			t.Errorf("exit %d (%v), want 130", code, err)
		}
		var tio syscall.Termios
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, terminal.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); errno != 0 {
			t.Fatal(errno)
		}
		if tio.Lflag&syscall.ECHO == 0 {
			t.Error("the terminal's echo is still off")
		}
	})
}

// wait waits for cmd, failing the test if it runs for more than 30 s
// (a prompt nobody answers).
func wait(t *testing.T, cmd *exec.Cmd) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("%s still runs after 30s", cmd)
		return nil
	}
}
