package querylog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadGolden reads the logs in testdata/logs, which the testbed's
// MariaDB 10.11 ("old") and MySQL 9.7 ("new") wrote, and compares the
// statements with the golden files beside them. TestRealLogs writes
// {old,new}-{general,slow,slow-verbose}.log with -update-logs; the
// *-reopened.log ones were kept from a run by hand of a smaller mix (SQL
// PREPARE and EXECUTE among it) in which each server opened the same file
// twice, so its header comes again mid-file, MySQL with log_slow_extra on
// the second time and MariaDB with log_slow_verbosity=query_plan,explain.
func TestReadGolden(t *testing.T) {
	logs, err := filepath.Glob(filepath.Join("testdata", "logs", "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no logs in testdata/logs: %v", err)
	}
	for _, path := range logs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := SlowLog
			if strings.Contains(filepath.Base(path), "-general") {
				want = GeneralLog
			}
			if got := Detect(data[:min(len(data), DetectSize)]); got != want {
				t.Errorf("Detect = %q, want %q", got, want)
			}
			stmts, err := Read(bytes.NewReader(data), filepath.Base(path), "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(stmts, "", "\t")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(path, ".log") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantJSON, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./querylog/ -run TestReadGolden -update writes it)", err)
			}
			if !bytes.Equal(got, wantJSON) {
				t.Errorf("statements of %s differ from %s (go test ./querylog/ -run TestReadGolden -update rewrites it):\n%s", path, golden, got)
			}
		})
	}
}
