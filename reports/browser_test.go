package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's chromium (make test installs it). Under CI=true a
// missing browser fails the test; elsewhere it skips. A browser test takes
// seconds per page: -short skips it.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the browser tests are slow")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: make test installs it (testbed/testbed.sh browser)")
		}
		t.Skip("chromium is not installed: run make browser, or make test")
	}
	return path
}

// browse loads file in headless chromium and returns the DOM after load
// and the browser's console messages: a blocked fetch (the page's Content
// Security Policy allows none) or a script error shows up there.
func browse(t *testing.T, browser, file string, extra ...string) (dom string, console []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := append([]string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
		"--enable-logging=stderr", "--v=0"}, extra...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, browser, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	return stdout.String(), console
}

// artifacts is where screenshots are kept: PARITY_TEST_ARTIFACTS (make test
// sets test-artifacts/), else a temporary directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("PARITY_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

var (
	svgTag   = regexp.MustCompile(`<svg[\s>]`)
	tableTag = regexp.MustCompile(`<table[\s>]`)
)

// TestHTMLInBrowser loads each HTML report (of each testdata document, of
// two extractions compared, of all documents combined, and of the
// hand-built replay) in a real headless browser:
// charts and tables are in the rendered DOM, nothing was fetched or blocked,
// and a screenshot is saved as a test artifact.
func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	shots := artifacts(t)
	pages := map[string]*Report{"extract-compare": compareExtracts(t), "combined": rehearsal(t), "replay": replayReport()}
	for _, name := range documents {
		pages[name] = loadReport(t, name)
	}
	for _, name := range slices.Concat(documents, []string{"extract-compare", "combined", "replay"}) {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := (HTML{}).Render(&b, pages[name]); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, name+".html")
			if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			dom, console := browse(t, browser, file, "--dump-dom")
			if len(svgTag.FindAllString(dom, -1)) == 0 || len(tableTag.FindAllString(dom, -1)) == 0 {
				t.Errorf("rendered page has %d charts and %d tables; want both", len(svgTag.FindAllString(dom, -1)),
					len(tableTag.FindAllString(dom, -1)))
			}
			if len(console) > 0 {
				t.Errorf("the browser reported problems loading the page:\n%s", strings.Join(console, "\n"))
			}
			shot := filepath.Join(shots, "report-"+name+".png")
			browse(t, browser, file, "--window-size=1280,2000", "--screenshot="+shot)
			if info, err := os.Stat(shot); err != nil || info.Size() < 10_000 {
				t.Errorf("screenshot %s: %v (%d bytes)", shot, err, sizeOf(info))
			}
		})
	}
}

// TestBrowserCheckCatchesFetches proves the check above can fail: a page
// that reaches for the network is reported.
func TestBrowserCheckCatchesFetches(t *testing.T) {
	browser := chromium(t)
	var b bytes.Buffer
	if err := (HTML{}).Render(&b, loadReport(t, "verify")); err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(b.String(), "</body>", `<img src="https://cdn.example.invalid/logo.png"></body>`, 1)
	file := filepath.Join(t.TempDir(), "fetching.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	_, console := browse(t, browser, file, "--dump-dom")
	if len(console) == 0 || !strings.Contains(strings.Join(console, "\n"), "cdn.example.invalid") {
		t.Errorf("a page loading https://cdn.example.invalid passed the check; console: %q", console)
	}
}

func sizeOf(info os.FileInfo) int64 {
	if info == nil {
		return 0
	}
	return info.Size()
}
