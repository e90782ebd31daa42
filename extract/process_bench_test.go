package extract_test

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/testbed"
)

// The floor of the whole-process benchmark runs as a process of its own:
// this test binary, started again with these variables set (see TestMain).
const (
	floorDSNVar   = "PARITY_BENCH_FLOOR_DSN"
	floorTableVar = "PARITY_BENCH_FLOOR_TABLE"
)

func TestMain(m *testing.M) {
	if dsn := os.Getenv(floorDSNVar); dsn != "" {
		n, err := bareScan(dsn, os.Getenv(floorTableVar), 2)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		fmt.Println(n)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// bareScan is the floor a user can compare a command with: workers
// connections each scan one equal range of the integer primary key id
// through database/sql into sql.RawBytes, and drop the rows.
func bareScan(dsn, table string, workers int) (int64, error) {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	ctx := context.Background()
	var lo, hi int64
	if err := db.QueryRowContext(ctx, "SELECT MIN(id), MAX(id) FROM "+table).Scan(&lo, &hi); err != nil {
		return 0, err
	}
	step := (hi - lo + int64(workers)) / int64(workers)
	counts := make([]int64, workers)
	g, gctx := errgroup.WithContext(ctx)
	for w := range workers {
		from, to := lo+int64(w)*step, lo+int64(w+1)*step
		g.Go(func() error {
			rows, err := db.QueryContext(gctx, fmt.Sprintf("SELECT * FROM %s WHERE id >= %d AND id < %d", table, from, to))
			if err != nil {
				return err
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					return err
				}
				counts[w]++
			}
			return rows.Err()
		})
	}
	err = g.Wait()
	var n int64
	for _, c := range counts {
		n += c
	}
	return n, err
}

// processRun is one timed command.
type processRun struct {
	wall, cpu time.Duration
}

// contender is a command timed against the floor.
type contender struct {
	name string
	cmd  func(out string) *exec.Cmd
}

// BenchmarkExtractProcess times whole commands as a user runs them, each a
// process of its own: the floor (two key-range scans into sql.RawBytes),
// `parity extract` in each format, and mydumper -t 2 writing SQL files of
// the same table. Every iteration runs each once, in an order that rotates,
// so the machine's drift hits them alike; each metric is the median over
// iterations of a command's wall (or CPU) time over the floor's in the same
// iteration. With PARITY_BENCH_PIN=1 the server is pinned to CPU 0 and the
// commands to CPU 1 (taskset), as a client and a server on separate
// machines would be.
//
// Every command talks to the server over the same transport: plain text by
// default, which is what mydumper uses unless given --ssl (its MariaDB
// client library does not prefer TLS), while parity and go-sql-driver
// prefer TLS whenever the server offers it, as MySQL 9.7 does. The
// transport moves the contenders apart: over TLS, mydumper took 1.20× the
// floor against 0.89× in plain text, and the Go floor was no slower (it
// reads 16 KiB records instead of 4 KiB socket reads). With
// PARITY_BENCH_TLS=1 every command uses TLS instead (mydumper with --ssl),
// on servers that offer it; the others are skipped.
func BenchmarkExtractProcess(b *testing.B) {
	bin := os.Getenv("PARITY_BIN")
	if bin == "" {
		b.Fatal("PARITY_BIN not set: run make bench")
	}
	pin := os.Getenv("PARITY_BENCH_PIN") == "1"
	if pin {
		if _, err := exec.LookPath("taskset"); err != nil {
			b.Fatal("PARITY_BENCH_PIN=1 needs taskset (util-linux)")
		}
	}
	const rows = 2_000_000
	for _, s := range testbed.Servers() {
		b.Run("server="+s.Name, func(b *testing.B) {
			s := testbed.Get(b, s.Name)
			_, tables := benchTable(b, s, rows)
			table := tables[0].String()
			useTLS := os.Getenv("PARITY_BENCH_TLS") == "1"
			if useTLS && !offersTLS(b, s) {
				b.Skipf("PARITY_BENCH_TLS=1: %s offers no TLS", s.Name)
			}
			dsn := withTransport(testbed.WithDatabase(s.DSN, benchDB), useTLS)
			ep := s.Endpoint(b, benchDB)
			if pin {
				pinServer(b, s.PID(b), "0")
			}
			wrap := func(name string, args ...string) *exec.Cmd {
				if pin {
					return exec.Command("taskset", append([]string{"-c", "1", name}, args...)...)
				}
				return exec.Command(name, args...)
			}
			contenders := []contender{{"floor", func(string) *exec.Cmd {
				c := wrap(os.Args[0])
				c.Env = append(os.Environ(), floorDSNVar+"="+dsn, floorTableVar+"="+table)
				return c
			}}}
			for _, f := range []string{"none", "csv", "arrow", "parquet"} {
				contenders = append(contenders, contender{f, func(out string) *exec.Cmd {
					return wrap(bin, "extract", "--source", dsn, "--tables", table, "--format", f, "--out", out, "--quiet")
				}})
			}
			if _, err := exec.LookPath("mydumper"); err == nil {
				contenders = append(contenders, contender{"mydumper", func(out string) *exec.Cmd {
					args := mydumperArgs(b, ep.Config, table, out)
					if useTLS {
						args = append(args, "--ssl")
					}
					return wrap("mydumper", args...)
				}})
			} else {
				b.Log("mydumper not installed (make bench installs it): not compared")
			}
			runs := make(map[string][]processRun)
			b.ResetTimer()
			for i := range b.N {
				for j := range contenders {
					c := contenders[(i+j)%len(contenders)]
					out := filepath.Join(b.TempDir(), c.name)
					r := timeProcess(b, c.cmd(out))
					if c.name != "floor" && c.name != "none" {
						wroteData(b, c.name, out)
					}
					runs[c.name] = append(runs[c.name], r)
					_ = os.RemoveAll(out)
				}
			}
			b.StopTimer()
			floor := runs["floor"]
			b.ReportMetric(median(floor, func(r processRun) float64 { return r.wall.Seconds() }), "floor-s")
			b.ReportMetric(median(floor, func(r processRun) float64 { return r.cpu.Seconds() }), "floor-cpu-s")
			for _, c := range contenders[1:] {
				rs := runs[c.name]
				b.ReportMetric(pairedMedian(rs, floor, func(r processRun) float64 { return r.wall.Seconds() }), c.name+"-x-floor")
				b.ReportMetric(pairedMedian(rs, floor, func(r processRun) float64 { return r.cpu.Seconds() }), c.name+"-cpu-x-floor")
			}
		})
	}
}

// timeProcess runs cmd to the end and returns its wall time and the CPU
// time (user + system) it and its children used.
func timeProcess(b *testing.B, cmd *exec.Cmd) processRun {
	b.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	wall := time.Since(start)
	return processRun{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

// wroteData fails the benchmark unless out holds at least 100 MB of
// files: a command that wrote nothing must not look fast.
func wroteData(b *testing.B, name, out string) {
	b.Helper()
	var total int64
	_ = filepath.WalkDir(out, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if total < 100<<20 {
		b.Fatalf("%s wrote %d bytes into %s: no export", name, total, out)
	}
}

// mydumperArgs dumps table (db.name) with 2 threads in chunks of 100,000
// rows, as the peer a user would reach for; --no-locks because parity's
// extract takes no global read lock either.
func mydumperArgs(b *testing.B, cfg *mysql.Config, table, out string) []string {
	b.Helper()
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		b.Fatal(err)
	}
	db, name, _ := strings.Cut(table, ".")
	// mydumper 0.10 takes -T as bare names of the -B database: "db.t"
	// dumps nothing and exits 0 (timeProcess checks the files).
	return []string{"-h", host, "-P", port, "-u", cfg.User, "-p", cfg.Passwd, "-B", db, "-T", name,
		"-t", "2", "-r", "100000", "--no-locks", "-o", out}
}

// withTransport makes dsn use TLS (required, unverified) or plain text,
// for go-sql-driver and parity alike.
func withTransport(dsn string, useTLS bool) string {
	param := "tls=false"
	if useTLS {
		param = "tls=skip-verify"
	}
	if strings.Contains(dsn, "?") {
		return dsn + "&" + param
	}
	return dsn + "?" + param
}

// offersTLS reports whether s encrypts a connection that prefers TLS.
func offersTLS(b *testing.B, s testbed.Server) bool {
	b.Helper()
	p := s.Open(b, "", 1)
	var name, cipher string
	if err := p.DB.QueryRow("SHOW SESSION STATUS LIKE 'Ssl_cipher'").Scan(&name, &cipher); err != nil {
		b.Fatalf("%s: %v", s.Name, err)
	}
	return cipher != ""
}

// pinServer moves every thread of the server to cpus for the benchmark and
// back to every CPU at its end.
func pinServer(b *testing.B, pid int, cpus string) {
	b.Helper()
	id := strconv.Itoa(pid)
	if out, err := exec.Command("taskset", "-a", "-c", "-p", cpus, id).CombinedOutput(); err != nil {
		b.Fatalf("taskset %s: %v\n%s", id, err, out)
	}
	b.Cleanup(func() {
		all := fmt.Sprintf("0-%d", max(1, runtime.NumCPU()-1))
		if out, err := exec.Command("taskset", "-a", "-c", "-p", all, id).CombinedOutput(); err != nil {
			b.Errorf("taskset %s back to %s: %v\n%s", id, all, err, out)
		}
	})
}

func median(rs []processRun, f func(processRun) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return medianOf(v)
}

// pairedMedian is the median over iterations of f(a[i]) / f(floor[i]).
func pairedMedian(a, floor []processRun, f func(processRun) float64) float64 {
	v := make([]float64, 0, len(a))
	for i := range min(len(a), len(floor)) {
		v = append(v, f(a[i])/f(floor[i]))
	}
	return medianOf(v)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
