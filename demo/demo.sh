#!/usr/bin/env bash
# make demo: a migration rehearsal on the local testbed, end to end.
#
#  1. The "old" cluster (MariaDB 10.11) gets a small booking application:
#     customers, reservations with JSON options and TIMESTAMP/DATETIME
#     columns, a latin1 legacy table, a keyless audit log, JSON documents.
#  2. It is migrated to the "new" cluster (MySQL 9.x) the way a team does it:
#     a target schema written for MySQL (utf8mb4, native JSON), then
#     mariadb-dump | mysql. Then three things go wrong, as they do: a
#     reservation made during the cutover window never reaches the new side,
#     a night job changes a row on the new side only, and a retried insert
#     writes a log line twice.
#  3. parity extract times a full export of both; parity verify finds exactly
#     those three rows and writes the fix SQL; parity bench runs the ORDER BY
#     that runs out of sort memory and the buffered export that overflows
#     TempTable under a sort_buffer_size x temptable_max_ram grid; parity
#     replay runs the application's own queries on both and finds the
#     changed row, a function MySQL 9 no longer has and the sort that fails.
#  4. parity report ties the four results into one HTML page.
#
# Everything lands in ./demo-output/. A second run reuses the loaded and
# migrated data and only runs parity again.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PARITY_TEST_OLD_DSN:?run through make demo (it starts the testbed)}"
: "${PARITY_TEST_NEW_DSN:?run through make demo (it starts the testbed)}"
out=${PARITY_DEMO_OUT:-demo-output}
db=${PARITY_DEMO_DB:-parity_demo}
rows=${PARITY_DEMO_ROWS:-500000}
testbed=(bash testbed/testbed.sh)
started=$SECONDS

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
with_db() { printf '%s' "${1%/*}/$db"; }
old=$(with_db "$PARITY_TEST_OLD_DSN")
new=$(with_db "$PARITY_TEST_NEW_DSN")
mkdir -p "$out" bin
# make demo builds bin/parity; a test passes the binaries it built.
parity=${PARITY_BIN:-bin/parity}
paritygen=${PARITYGEN_BIN:-bin/paritygen}
[ -n "${PARITYGEN_BIN:-}" ] || go build -o "$paritygen" ./cmd/paritygen
[ -x "$parity" ] || go build -o "$parity" ./cmd/parity

step "1/6 the application on the old cluster (MariaDB): $db, $rows reservations"
"$paritygen" --dsn "$PARITY_TEST_OLD_DSN" --database "$db" --sysbench-rows 0 --all-types-rows 0 --zero-dates=false \
	--reservations-rows "$rows" --documents-rows 20

step "2/6 the migration to the new cluster (MySQL 9): target schema, mariadb-dump | mysql, then the day after"
# The old side's table comments record what was loaded; the new side keeps
# the one it was migrated from, so an unchanged sample is not migrated again.
fingerprint=$("${testbed[@]}" client old -Nse "SELECT GROUP_CONCAT(TABLE_NAME, '=', TABLE_COMMENT ORDER BY TABLE_NAME SEPARATOR '; ')
	FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'")
migrated=$("${testbed[@]}" client new -Nse "SELECT fingerprint FROM parity_demo_meta.migration WHERE db = '$db'" 2>/dev/null || true)
if [ "$migrated" = "$fingerprint" ]; then
	echo "already migrated (parity_demo_meta.migration on the new cluster says so): reusing it"
else
	t0=$SECONDS
	"${testbed[@]}" client new -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci"
	"${testbed[@]}" client new "$db" <demo/target-schema.sql
	echo "target schema created from demo/target-schema.sql (utf8mb4_0900_ai_ci, native JSON)"
	# Data only, into the schema above. --tz-utc moves TIMESTAMPs as instants.
	# MariaDB's dump opens with a sandbox-mode line that MySQL's client rejects.
	"${testbed[@]}" dump --no-create-info --complete-insert --single-transaction --skip-triggers --tz-utc \
		--default-character-set=utf8mb4 --hex-blob "$db" |
		sed '1{/enable the sandbox mode/d}' |
		"${testbed[@]}" client new --default-character-set=utf8mb4 "$db"
	echo "data loaded with mariadb-dump | mysql in $((SECONDS - t0)) s"
	"${testbed[@]}" client new <<-SQL
		CREATE DATABASE IF NOT EXISTS parity_demo_meta;
		CREATE TABLE IF NOT EXISTS parity_demo_meta.migration (db VARCHAR(64) PRIMARY KEY, fingerprint TEXT NOT NULL, migrated_at DATETIME NOT NULL);
		REPLACE INTO parity_demo_meta.migration VALUES ('$db', '$fingerprint', NOW());
	SQL
fi
# The day after, planted on every run (each statement is idempotent), so a
# run after the fix SQL was applied finds the same three rows again.
lost=$((rows / 3 + 1))
changed=$((rows / 2 + 7))
"${testbed[@]}" client new "$db" <<-SQL
	-- A reservation booked on the old cluster in the cutover window, after
	-- the dump was taken: the new cluster never got it.
	DELETE FROM reservations WHERE id = $lost;
	-- A night job on the new cluster cancelled a booking it should not have.
	UPDATE reservations SET status = 'cancelled', total = 0.00,
	  options = JSON_SET(COALESCE(options, JSON_OBJECT()), '$.cancelled_by', 'night-batch'),
	  updated_at = '2025-11-30 02:14:07.250000'
	WHERE id = $changed;
	-- A client retried an insert whose acknowledgement was lost.
	INSERT INTO audit_log
	  SELECT l.* FROM (SELECT * FROM audit_log ORDER BY logged_at, message LIMIT 1 OFFSET 41) AS l
	  WHERE (SELECT COUNT(*) FROM audit_log a WHERE a.logged_at = l.logged_at AND a.level = l.level
	    AND a.source = l.source AND a.message = l.message) = 1;
SQL
echo "planted: reservation $lost lost, reservation $changed changed on the new side, one audit_log line written twice"

step "3/6 parity extract: a full export of both clusters to Parquet, timed"
rm -rf "$out/export"
"$parity" extract --source "$old" --target "$new" --format parquet --out "$out/export" --json "$out/extract.json"

step "4/6 parity verify: is every row the same on both sides?"
rc=0
"$parity" verify --source "$old" --target "$new" --fix-sql "$out/fix.sql" --json "$out/verify.json" || rc=$?
if [ "$rc" != 1 ]; then
	echo "demo: parity verify exited $rc; the planted differences should make it exit 1" >&2
	exit 1
fi
# The planted rows and nothing else: two REPLACEs (the lost and the changed
# reservation) and one DELETE (the duplicated log line).
replaces=$(grep -c '^REPLACE INTO' "$out/fix.sql" || true)
deletes=$(grep -c '^DELETE FROM' "$out/fix.sql" || true)
if [ "$replaces" != 2 ] || [ "$deletes" != 1 ]; then
	echo "demo: fix SQL has $replaces REPLACE and $deletes DELETE statements; want exactly 2 and 1 for the planted rows" >&2
	exit 1
fi
echo
echo "fix SQL ($out/fix.sql); to apply it to the new cluster (the next run plants the differences again):"
echo "  bash testbed/testbed.sh client new --binary-mode $db < $out/fix.sql"
grep -E '^(-- |REPLACE|DELETE)' "$out/fix.sql" | grep -vE '^-- (parity|Review|Generated|Source|Target|Apply)' | cut -c1-160 | head -12

step "5/6 parity bench: the queries that hurt after the upgrade, under a sort_buffer_size x temptable_max_ram grid"
# The buffered export reads 40% of the reservations: enough to overflow a
# 2M TempTable, few enough that the grid's 80 runs take seconds.
# Since MySQL 8.0.28 tmp_table_size also caps each in-memory TempTable
# table (16M by default), so it is raised for every cell: what remains is
# temptable_max_ram deciding between memory and disk.
"$parity" bench --dsn old="$old" --dsn new="$new" \
	--query "order-by-json=SELECT t.* FROM \`$db\`.docs t ORDER BY created_at DESC" \
	--query "buffered-export=SELECT SQL_BUFFER_RESULT * FROM \`$db\`.reservations WHERE id <= $((rows * 2 / 5))" \
	--set sort_buffer_size=256K,2M --set temptable_max_ram=2M,1G --set tmp_table_size=1G \
	--warmup 1 --runs 4 --json "$out/bench.json"

step "6/6 parity replay: the application's own queries on both clusters"
# What the application's screens run, as its slow log on the old cluster
# holds them: the same shapes with other literals, and one write.
cat >"$out/app-queries.sql" <<-SQL
	-- the booking list of a customer
	SELECT id, hotel_code, check_in, status, total, options FROM reservations WHERE customer_id = 42 ORDER BY id;
	SELECT id, hotel_code, check_in, status, total, options FROM reservations WHERE customer_id = 7 ORDER BY id;
	-- the back office: one reservation, revenue by status and by hotel
	SELECT id, status, total, updated_at FROM reservations WHERE id = $changed;
	SELECT id, status, total, updated_at FROM reservations WHERE id = $((changed + 1));
	SELECT status, COUNT(*), SUM(total) FROM reservations GROUP BY status;
	SELECT hotel_code, COUNT(*), AVG(total) FROM reservations GROUP BY hotel_code ORDER BY hotel_code;
	-- the newsletter export hashes addresses
	SELECT id, MD5(email) FROM customers WHERE country = 'DE' ORDER BY id LIMIT 20;
	-- the documents screen, newest first
	SELECT t.* FROM docs t ORDER BY created_at DESC;
	-- a write the log also holds: never replayed
	UPDATE customers SET loyalty_points = loyalty_points + 10 WHERE id = 7;
SQL
rc=0
"$parity" replay --source "$old" --target "$new" --runs 3 --json "$out/replay.json" "$out/app-queries.sql" || rc=$?
if [ "$rc" != 1 ]; then
	echo "demo: parity replay exited $rc; the changed reservation, MD5() and the JSON sort should make it exit 1" >&2
	exit 1
fi

step "report"
"$parity" report --combine --title "Migration rehearsal: MariaDB 10.11 to MySQL 9 ($db)" \
	"$out/extract.json" "$out/verify.json" "$out/bench.json" "$out/replay.json" -o "$out/report.html"
"$parity" report --combine --title "Migration rehearsal: MariaDB 10.11 to MySQL 9 ($db)" \
	"$out/extract.json" "$out/verify.json" "$out/bench.json" "$out/replay.json" -o "$out/report.md"

cat <<EOF

demo done in $((SECONDS - started)) s.
  report:   $out/report.html   (open it in a browser; $out/report.md for a ticket)
  results:  $out/extract.json  $out/verify.json  $out/bench.json  $out/replay.json
  fix SQL:  $out/fix.sql
  exports:  $out/export/source  $out/export/target  (Parquet, with manifest.json)
Run it again: the data is reused and only parity runs.
EOF
