package main

import (
	"fmt"
	"io"
	"strings"
)

func mainUsage() string {
	var b strings.Builder
	b.WriteString(`parity: the data side of a MySQL migration.

Usage:
  parity <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Connections (extract, verify, bench):
  --source DSN, --target DSN   user:pass@tcp(host:3306)/db, user@host:3306/db, host/db, unix(/path)/db
                               or mysql://user:pass@host:3306/db, each with ?name=value parameters:
                               ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY (default
                               PREFERRED), ssl-ca=/path/ca.pem (alone: VERIFY_CA), ssl-cert, ssl-key,
                               socket, login-path, go-sql-driver parameters, session.VAR=VALUE
  Option files as the mysql client reads them: /etc/my.cnf, /etc/mysql/my.cnf, ~/.my.cnf, ~/.mylogin.cnf
  ([client], [mysql], [client-server], [client-mariadb], [parity]), or --defaults-file FILE,
  --defaults-extra-file FILE, --no-defaults, --login-path NAME.
  Passwords: the DSN, else --ask-pass (a prompt), else PARITY_SOURCE_PASSWORD / PARITY_TARGET_PASSWORD,
  else the option files, else MYSQL_PWD. Passwords are never printed: DSNs appear as user@host:port/db.
  --connect-timeout 10s bounds the TCP connect, the handshake, TLS and the login; queries are not limited.

Faults: a chunk (extract), a read (verify) or a run (bench) that fails with a transient error
(lost connection, server restart, KILL, deadlock, lock wait timeout) is tried
again on a new connection, --retries times (default 3), after about 2s, 6s,
18s (then 30s): a restart of 20s costs a pause, not the run. Otherwise the
first real failure is the message, naming table, chunk and server.

Exit codes:
  0    success (verify: everything equal)
  1    verify found differences; bench compare found a regression
  2    usage, connection or runtime error (the first real failure, after retries)
  130  interrupted (Ctrl-C or SIGTERM), whatever failed after it; partial output files are removed

Run 'parity help <command>' for a command's flags and examples.
`)
	return b.String()
}

const extractUsage = `Usage: parity extract --source DSN [--target DSN] [flags]

Reads every selected table in parallel key-range chunks into Apache Arrow
batches and writes one file per table (Parquet, Arrow IPC stream or CSV), or
discards the rows to time a full read (--format none). With both --source and
--target, the two are extracted one after the other (never at once, so they
do not share the client) and both summaries are printed: the nightly-export
timing of the old cluster against the new one.

--out is a directory, s3://bucket/prefix or gs://bucket/prefix. Files are
written under a temporary name and renamed when complete (objects appear when
their upload completes; a failed one is aborted); the manifest (manifest.json)
is written last, so a location with a manifest is a complete extraction. A run
first removes the previous extraction's manifest and the files it lists, so a
re-run never leaves an old manifest beside new files; files parity did not
write are left alone. --max-file-rows and --max-file-bytes cut tables into
numbered part files. CSV comes in dialects: rfc4180 (default), mysql (for LOAD
DATA; a load.sql is written beside the files) and bigquery.

Examples:
  # time a full read of every table of shop on both clusters
  parity extract --source 'app@tcp(old-db:3306)/shop' --target 'app@tcp(new-db:3306)/shop' --format none

  # nightly export of two tables to Parquet (zstd), one consistent snapshot
  PARITY_SOURCE_PASSWORD=... parity extract --source mysql://app@db:3306/shop \
      --tables 'shop.orders,shop.customers' --consistent --out /data/export --json export.json

  # CSV of everything but the audit tables, in chunks of about 100000 rows; the user and
  # password from ~/.my.cnf, TLS verified against the RDS CA bundle
  parity extract --source 'db.example.com/shop?ssl-ca=/etc/ssl/rds-global-bundle.pem' --exclude 'shop.audit_*' \
      --chunk-rows 100000 --format csv --out ./csv

  # CSV that LOAD DATA reads back into MySQL: cd ./load && mysql --local-infile=1 ... < load.sql
  parity extract --source mysql://app@db:3306/shop --format csv --csv-dialect mysql --out ./load

  # Parquet to S3 in parts of about 256 MiB (AWS credentials from the usual chain)
  parity extract --source mysql://app@db:3306/shop --out s3://exports/shop/2026-12-01 --max-file-bytes 256M
`

const verifyUsage = `Usage: parity verify --source DSN --target DSN [flags]

Proves that every row of the selected tables is the same on both clusters,
or lists exactly which rows differ and writes SQL that fixes the target.

Schemas are compared first (missing tables and columns, types, charsets,
keys, indexes, engine). Then each table's chunks, planned once on the source
and applied to both sides, are read from both clusters at once and hashed
after normalization, so equal data on MariaDB and MySQL, 5.7 and 9.x hashes
equal (JSON, time zones, charsets, DECIMAL scale, integer widths, zero
dates). A chunk whose checksums differ is drilled down to its rows: each
difference is missing (on the target), extra (on the target) or changed,
with the changed columns and both values. Tables without a unique key are
compared as multisets. With --mode pushdown (or auto, where both servers are
the same kind and encode every column identically) the servers checksum
their own chunks and only a differing chunk travels.

--apply-fix asks on the terminal before it changes the target; without a
terminal only --yes confirms. Interrupted or failed, it rolls back the
transaction it was in, keeps those committed, and says which (stderr, and
"apply" in --json).

Exit status: 0 everything equal, 1 differences found (rows, or schema
differences; schema notices such as latin1 -> utf8mb4 do not count unless
--strict), 2 error, 130 interrupted.

Examples:
  # after a MariaDB -> MySQL cutover, every table of the shop database
  parity verify --source 'app@tcp(old-db:3306)/shop' --target 'app@tcp(new-db:3306)/shop' \
      --fix-sql fix.sql --json verify.json

  # the schema was renamed on the way; the target still replicates: recheck
  # what differs, and never let the replica fall more than 30s behind
  parity verify --source mysql://app@old-db/shop --target mysql://app@new-db/shop_v2 \
      --map 'shop.*=shop_v2.*' --recheck 3 --max-lag 30s --max-threads-running 40

  # resumable run over a large database, then apply the fix after review
  parity verify --source ... --target ... --state verify.state --fix-sql fix.sql
  mysql --binary-mode -h new-db shop < fix.sql      # or: --apply-fix
`

const replayUsage = `Usage: parity replay --source DSN --target DSN [flags] QUERIES...
       parity replay --source DSN --target DSN --from-digests [--top N] [flags]

Runs the application's own read statements on both clusters and compares
what each returns: errors, warnings, column types, rows and speed. It is the
rehearsal before a cutover: capture the statements on the old cluster, replay
them against the new one, read the differences.

QUERIES are slow query logs, general query logs (MySQL's or MariaDB's, as the
server wrote them) or files of statements separated by ';'; --format tells
them apart when auto-detection cannot. --from-digests takes the sample text of
the source's heaviest performance_schema statement digests instead.

Statements are grouped by fingerprint (literals replaced, IN lists folded)
and --per-class of each class run. Only read-only statements run, each in a
START TRANSACTION READ ONLY on a read-only session with --timeout; anything
else is counted as skipped and never executed. Results compare by meaning,
by the same rules as verify: JSON parsed, numbers by value (DECIMAL scale,
double printing), TIMESTAMP as instants, text as code points; row order only
when the statement has an ORDER BY. Rows in another order without ORDER BY
(GROUP BY's implicit sort before MySQL 8.0) are a notice; so are statements
whose rows vary by nature (NOW(), RAND(), @@hostname).

The first statement of each class is then timed --runs times on each server,
interleaved, with the median, its confidence interval and a Mann-Whitney
verdict, the server counters (temporary tables on disk, sort merge passes,
rows examined, TempTable memory) and EXPLAIN on both sides, with how the plan
changed. A server that goes away during a statement is reported for that
statement, and the replay goes on once it is back (--retries).

Exit status: 0 nothing differs, 1 a class differs, failed or is slower
beyond --threshold, 2 error, 130 interrupted.

Examples:
  # the heaviest statements of the old cluster, replayed against the new one
  parity replay --source mysql://app@old-db/shop --target mysql://app@new-db/shop \
      --from-digests --top 200 --report replay.html

  # a slow query log captured with long_query_time=0, results only
  parity replay --source ... --target ... --no-timing --json replay.json slow.log
`

const benchUsage = `Usage: parity bench --dsn LABEL=DSN ... (--table db.t [--scenario NAME]... | --query NAME=SQL) [--set VAR=V1,V2]... [flags]
       parity bench compare OLD.json NEW.json | --history FILE.jsonl [--threshold 10%]
       parity bench --restore FILE [--dsn LABEL=DSN]...

Times queries under every combination of server settings (the grid) on one
or more labelled servers, with statistics and the server's own counters, to
answer "is the new cluster slower on our exports and big sorts, and which
setting fixes it?".

Workloads (each table x each scenario, plus custom queries):
  full-scan              SELECT * FROM t, streamed and discarded (a nightly export)
  buffered-scan          SELECT SQL_BUFFER_RESULT * FROM t: the result goes through an internal
                         temporary table first, as with JDBC cursor fetch (Embulk): meets temptable_max_ram
  order-by:COL[:desc]    SELECT t.* FROM t ORDER BY COL: the filesort path, meets sort_buffer_size
  group-by:COL, distinct:COL   internal temporary tables
  extract                a full parity extraction of the table (parity extract --format none)
  --query NAME=SQL, --queries FILE   custom queries; in FILE each follows a "-- name: NAME" line

Settings: --set VAR=V1,V2,... (repeatable) forms the grid; sizes as 256K, 2M,
1G. Session variables are set on the benchmark connection only. Global-only
ones (temptable_max_ram, temptable_max_mmap) are set with SET GLOBAL and put
back at the end, on error and on Ctrl-C/SIGTERM; until then the originals
are kept in --restore-file and in parity.bench_globals on the server, so
after a crash 'parity bench --restore FILE' puts them back, and no other run,
with whatever restore file from whatever host, changes globals on that server
meanwhile (nor while a live run holds its lock: it is told the run's pid and
host). Scope, existence and privilege are checked before anything runs: a
variable a server lacks (MariaDB has no temptable_*) is reported and its cells
run without it, one no target has is an error naming the closest real one;
where SET GLOBAL is denied (RDS, Aurora) make one cluster per configuration
and benchmark them as labelled targets instead.

Queries run read-only: a statement that can change data (INSERT, DELETE,
DDL, CALL, ...) is refused before anything runs unless --allow-writes, and
the timed session is read-only (SET SESSION TRANSACTION READ ONLY).

Measurement: --warmup runs, then --runs measured runs per cell (or until
--min-time), interleaved across cells (A B C A B C) so drift hits all alike.
Per run: seconds, time to first row, rows, bytes, session status deltas
(Created_tmp_disk_tables, Sort_merge_passes, ...), the statement's
performance_schema row and TempTable memory where visible. A failing query
(1038 Out of sort memory, 1114 table is full, timeout) is the cell's result:
the cell stops, the grid goes on, and the command still exits 0.

The grid (median ± confidence interval of the median, counters, change
against the first settings and the first target with a Mann-Whitney U test,
"~" when not significant) goes to stderr; --json keeps every raw run and
--history appends a summary line for 'bench compare', which exits 1 on a
significant regression beyond --threshold.

Examples:
  # which sort_buffer_size makes the big ORDER BY work on the new cluster?
  parity bench --dsn new='app@tcp(new-db:3306)/shop' --table shop.orders \
      --scenario order-by:created_at:desc --set sort_buffer_size=256K,2M,8M

  # nightly export timing, old cluster against new, TempTable sizes on both
  PARITY_OLD_PASSWORD=... PARITY_NEW_PASSWORD=... parity bench \
      --dsn old='app@tcp(old-db:3306)/shop' --dsn new='app@tcp(new-db:3306)/shop' \
      --tables 'shop.*' --scenario full-scan --scenario buffered-scan \
      --set temptable_max_ram=64M,1G --json bench.json --history bench.jsonl

  # in cron or CI after each nightly run: exit 1 on a >10% significant slowdown
  parity bench compare --history bench.jsonl --threshold 10%

  # a run was killed with SET GLOBAL values changed: put them back
  parity bench --restore ~/.local/state/parity/bench-restore.json
`

const reportUsage = `Usage: parity report RESULT.json [--format text|json|md|html|junit] [-o FILE]
       parity report OLD.json NEW.json [--threshold 10%] [--format ...] [-o FILE]
       parity report --combine A.json B.json ... [--title TEXT] [--format ...] [-o FILE]

Renders a result saved with --json by extract, verify, bench or bench
compare, for the person at the terminal (text), a pull request or migration
ticket (md), a browser or an archive (html: one self-contained file with
inline SVG charts, nothing fetched from the network), a CI system (junit:
one test case per table or cell; for verify and bench compare) or a program
(json: one documented model for every command, with schema_version).

Two results of the same command, the older first, render side by side:
  two bench results    as 'parity bench compare OLD.json NEW.json' shows them
  two extract results  per run (source with source, target with target; or
                       the only run of each), per table: rows, seconds old and
                       new, new/old, MB/s old and new, and the change of the
                       chunks' time per MB with a Mann-Whitney U test ("~": not
                       significant, or fewer than 3 chunks a side). A table
                       significantly slower beyond --threshold is a regression
                       (a failing test case in junit); tables only one run has
                       are listed as such.
A verify result already compares two servers, so two of them, or results of
different commands, do not compare: put them in one report with --combine.
Rendering is not judging: report exits 0 whatever the results hold.

--combine puts several results in one report, a section each in the order
given (the extract, verify and bench results of a migration rehearsal):
html makes one page with a table of contents and each section's status at
the top, md and text a heading per section, junit one test suite per
section, json the sections nested (and it renders again with report).

Text tables fit the terminal's width ($COLUMNS when set); written to a file
or a pipe they keep their natural width.

Every command also takes --report FILE and renders its result there as it
finishes; the extension picks the format (.txt, .md, .html, .json, .xml).

Examples:
  parity verify --source ... --target ... --json verify.json --report verify.html
  parity report verify.json --format md -o verify.md
  parity report bench.json                       # the grid again, in the terminal
  parity bench compare --history bench.jsonl --report compare.xml   # JUnit for CI

  # last night's export timing against the night before, table by table
  parity report extract-monday.json extract-tuesday.json
  parity report extract-monday.json extract-tuesday.json --threshold 20% -o extract-compare.xml

  # the whole rehearsal in one page to attach to the migration ticket
  parity report --combine extract.json verify.json bench.json --title "Rehearsal 2026-11-22" -o rehearsal.html
`

const versionUsage = `Usage: parity version

Prints parity's version, the Go version it was built with, and the platform.
`

func cmdHelp(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, mainUsage())
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] && c.usage != "" {
			fmt.Fprint(stdout, c.usage)
			switch c.name {
			case "extract":
				fs := newFlagSet("extract")
				(&extractOptions{}).register(fs)
				printFlags(fs, stdout)
			case "verify":
				fs := newFlagSet("verify")
				(&verifyOptions{}).register(fs)
				printFlags(fs, stdout)
			case "bench":
				fs := newFlagSet("bench")
				(&benchOptions{}).register(fs)
				printFlags(fs, stdout)
			case "report":
				fs := newFlagSet("report")
				(&reportOptions{}).register(fs)
				printFlags(fs, stdout)
			}
			return nil
		}
	}
	return usageError{msg: fmt.Sprintf("help: unknown command %q", args[0])}
}
