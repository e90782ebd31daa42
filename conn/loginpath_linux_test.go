package conn_test

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// TestMySQLConfigEditor checks the login path file format against the real
// mysql_config_editor of the testbed's MySQL chroot, both ways: parity
// reads a file it wrote (the password typed on a terminal, as it insists),
// and it reads a file written by this test's encoder.
func TestMySQLConfigEditor(t *testing.T) {
	root := os.Getenv("PARITY_TESTBED_CHROOT")
	if root == "" {
		root = "/var/cache/parity-testbed/mysql-sid"
	}
	editor := filepath.Join(root, "usr/bin/mysql_config_editor")
	if _, err := os.Stat(editor); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mysql_config_editor: %v (make testbed-up builds the MySQL chroot)", err)
		}
		t.Skipf("mysql_config_editor: %v: run make testbed-up", err)
	}
	isolate(t)
	var b [4]byte
	_, _ = rand.Read(b[:])
	inside := "/tmp/parity-mce-" + hex.EncodeToString(b[:])
	home := filepath.Join(root, inside)
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(home) })
	editorCmd := func(args ...string) *exec.Cmd {
		cmd := exec.Command("chroot", append([]string{root, "/usr/bin/mysql_config_editor"}, args...)...)
		cmd.Env = []string{"HOME=" + inside, "PATH=/usr/bin:/bin", "TERM=dumb"}
		return cmd
	}

	t.Run("parity reads mysql_config_editor's file", func(t *testing.T) {
		const pw = `Mce-Pw "with" #hash`
		terminal, controller := testbed.OpenPTY(t)
		cmd := editorCmd("set", "--login-path=prod", "--host=db.example.com", "--port=3307", "--user=app", "--password")
		testbed.OnTerminal(cmd, terminal)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		testbed.Expect(t, controller, "Enter password:", 20*time.Second)
		if _, err := controller.WriteString(pw + "\n"); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("mysql_config_editor set: %v", err)
		}
		t.Setenv("MYSQL_TEST_LOGIN_FILE", filepath.Join(home, ".mylogin.cnf"))
		ep, err := conn.Parse("/shop", conn.Options{Role: "source", Files: conn.OptionFiles{LoginPath: "prod"}})
		if err != nil {
			t.Fatal(err)
		}
		if ep.String() != "app@db.example.com:3307/shop" || ep.Config.Passwd != pw {
			t.Errorf("got %s password %q, want app@db.example.com:3307/shop password %q", ep, ep.Config.Passwd, pw)
		}
		if !strings.Contains(ep.PasswordFrom, ".mylogin.cnf line") {
			t.Errorf("PasswordFrom = %q", ep.PasswordFrom)
		}
	})

	t.Run("mysql_config_editor reads parity's encoding", func(t *testing.T) {
		writeLoginFile(t, filepath.Join(home, ".mylogin.cnf"),
			"[staging]\nuser = \"stage-app\"\npassword = \"Stage-Pw-1\"\nhost = \"stage-db\"\nport = 3308\n")
		out, err := editorCmd("print", "--all").CombinedOutput()
		if err != nil {
			t.Fatalf("mysql_config_editor print: %v\n%s", err, out)
		}
		want := "[staging]\nuser = \"stage-app\"\npassword = *****\nhost = \"stage-db\"\nport = 3308\n"
		if strings.TrimSpace(string(out)) != strings.TrimSpace(want) {
			t.Errorf("mysql_config_editor print --all:\n%s\nwant:\n%s", out, want)
		}
	})
}
