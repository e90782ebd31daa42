package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// sysbenchVersion names the row algorithm. A table whose COMMENT records
// another version is rebuilt, so a change in how rows are derived never
// leaves stale benchmark tables behind.
const sysbenchVersion = "parity-datagen sysbench v1"

// Sysbench load tuning. A row is about 200 bytes of SQL, so a batch is one
// ~1 MB INSERT: large enough to amortize the round trip and the commit,
// small enough to stay far below max_allowed_packet.
const (
	sysbenchBatchRows = 5000
	sysbenchWorkers   = 2
)

// Shapes of sysbench's c and pad values: groups of 11 digits joined by '-'.
const (
	sysbenchCGroups   = 10 // 119 characters
	sysbenchPadGroups = 5  // 59 characters
)

// SysbenchComment is the table COMMENT that records a finished load of rows
// rows from seed. Sysbench writes it only after the last row is in, so a
// load that was interrupted is never mistaken for a complete one.
func SysbenchComment(rows, seed int64) string {
	return fmt.Sprintf("%s seed=%d rows=%d", sysbenchVersion, seed, rows)
}

// sysbenchCreate returns the CREATE TABLE for a sysbench table, without its
// secondary index k_1 (sysbenchIndex adds it after the load, as sysbench's
// own prepare does):
//
//	CREATE TABLE `bench`.`sbtest1` (
//	  id INT UNSIGNED NOT NULL AUTO_INCREMENT, k INT UNSIGNED NOT NULL DEFAULT 0,
//	  c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '',
//	  PRIMARY KEY (id)
//	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='parity-datagen sysbench v1 loading'
func sysbenchCreate(database, name string) string {
	return "CREATE TABLE " + tableName(database, name) + ` (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  k INT UNSIGNED NOT NULL DEFAULT 0,
  c CHAR(120) NOT NULL DEFAULT '',
  pad CHAR(60) NOT NULL DEFAULT '',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT=` + quoteString(sysbenchVersion+" loading")
}

// sysbenchIndex adds KEY k_1 (k) to a loaded table. Building it once from
// sorted keys costs the servers about 20% less CPU than maintaining it
// through 2 M random-order inserts (measured on both testbed servers).
func sysbenchIndex(table string) string { return "ALTER TABLE " + table + " ADD KEY k_1 (k)" }

// Sysbench creates (if absent) and fills table database.name shaped like
// sysbench oltp's sbtest: ids 1..rows, k uniform in 1..rows, c and pad made
// of groups of 11 digits separated by '-'. The same seed and rows give
// byte-identical content on MariaDB and MySQL. The database is created when
// missing.
//
// When the table already holds a finished load of the same rows and seed
// (its COMMENT is SysbenchComment(rows, seed) and MAX(id) = rows), Sysbench
// returns at once without writing. Otherwise it drops and recreates the
// table and loads it with a few connections in parallel, each INSERT of
// sysbenchBatchRows rows committing on its own (autocommit), with
// unique_checks and foreign_key_checks off for those sessions; then it adds
// KEY k_1 (k) and finally sets the COMMENT.
func Sysbench(ctx context.Context, db *sql.DB, database, name string, rows int64, seed int64) error {
	if rows < 0 || rows > math.MaxUint32 {
		return fmt.Errorf("sysbench table %s.%s: %d rows do not fit INT UNSIGNED ids", database, name, rows)
	}
	loaded, err := sysbenchLoaded(ctx, db, database, name, rows, seed)
	if err != nil || loaded {
		return err
	}
	if err := createDatabase(ctx, db, database); err != nil {
		return err
	}
	table := tableName(database, name)
	for _, q := range []string{"DROP TABLE IF EXISTS " + table, sysbenchCreate(database, name)} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sysbench table %s.%s: %w", database, name, err)
		}
	}
	if err := loadSysbench(ctx, db, table, rows, seed); err != nil {
		return fmt.Errorf("load sysbench table %s.%s: %w", database, name, err)
	}
	if _, err := db.ExecContext(ctx, sysbenchIndex(table)); err != nil {
		return fmt.Errorf("index sysbench table %s.%s: %w", database, name, err)
	}
	q := "ALTER TABLE " + table + " COMMENT = " + quoteString(SysbenchComment(rows, seed))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("mark sysbench table %s.%s loaded: %w", database, name, err)
	}
	return nil
}

// sysbenchLoaded reports whether the table holds a finished load of rows
// rows from seed. It reads the COMMENT and MAX(id), both instant.
func sysbenchLoaded(ctx context.Context, db *sql.DB, database, name string, rows, seed int64) (bool, error) {
	comment, ok, err := tableComment(ctx, db, database, name)
	if err != nil || !ok || comment != SysbenchComment(rows, seed) {
		return false, err
	}
	var maxID sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT MAX(id) FROM "+tableName(database, name)).Scan(&maxID); err != nil {
		return false, fmt.Errorf("sysbench table %s.%s: %w", database, name, err)
	}
	return maxID.Int64 == rows, nil
}

// loadSysbench inserts rows 1..rows. Workers take batches in id order from a
// shared counter; each builds its INSERT while the others wait on the server.
// The first error cancels the rest.
func loadSysbench(ctx context.Context, db *sql.DB, table string, rows, seed int64) error {
	batches := (rows + sysbenchBatchRows - 1) / sysbenchBatchRows
	workers := int64(sysbenchWorkers)
	if limit := int64(db.Stats().MaxOpenConnections); limit > 0 && workers > limit {
		workers = limit
	}
	workers = min(workers, batches)

	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range workers {
		g.Go(func() error { return sysbenchWorker(gctx, db, table, rows, seed, &next, batches) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

func sysbenchWorker(ctx context.Context, db *sql.DB, table string, rows, seed int64, next *atomic.Int64, batches int64) error {
	c, release, err := session(ctx, db, "SET SESSION unique_checks = 0, foreign_key_checks = 0")
	if err != nil {
		return err
	}
	defer release()
	prefix := "INSERT INTO " + table + " (id, k, c, pad) VALUES "
	buf := make([]byte, 0, sysbenchBatchRows*(sysbenchRowBytes+8)+len(prefix))
	for {
		b := next.Add(1) - 1
		if b >= batches {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return nil // another worker failed; its error is the one to report
		}
		first := b*sysbenchBatchRows + 1
		last := min(first+sysbenchBatchRows-1, rows)
		buf = appendSysbenchInsert(append(buf[:0], prefix...), first, last, rows, seed)
		if _, err := c.ExecContext(ctx, string(buf)); err != nil {
			return fmt.Errorf("insert ids %d-%d: %w", first, last, err)
		}
	}
}

// sysbenchRowBytes bounds one row's SQL text: "(id,k,'c','pad')".
const sysbenchRowBytes = 1 + 10 + 1 + 10 + 2 + 119 + 3 + 59 + 2

// appendSysbenchInsert appends the VALUES tuples of ids first..last,
// comma-separated. The values are digits and dashes only, so writing them as
// literals needs no escaping. It is cheaper than four placeholders per row
// on a 2-core machine where the client shares the CPU with the servers:
// about 2 ms of client CPU for a 5,000-row batch with one allocation, against
// 8-10 ms and 65,000 allocations just to build the arguments, before the
// driver interpolates them (BenchmarkSysbenchBatchBuild).
func appendSysbenchInsert(buf []byte, first, last, rows, seed int64) []byte {
	var p rand.PCG
	for id := first; id <= last; id++ {
		if id > first {
			buf = append(buf, ',')
		}
		seedRow(&p, seed, streamSysbench, uint64(id))
		buf = append(buf, '(')
		buf = strconv.AppendInt(buf, id, 10)
		buf = append(buf, ',')
		buf = strconv.AppendUint(buf, sysbenchK(&p, rows), 10)
		buf = append(buf, ",'"...)
		buf = appendDigitGroups(buf, &p, sysbenchCGroups)
		buf = append(buf, "','"...)
		buf = appendDigitGroups(buf, &p, sysbenchPadGroups)
		buf = append(buf, "')"...)
	}
	return buf
}

func sysbenchK(p *rand.PCG, rows int64) uint64 { return 1 + p.Uint64()%uint64(rows) }

// appendDigitGroups appends n groups of 11 random digits joined by '-'.
func appendDigitGroups(buf []byte, p *rand.PCG, n int) []byte {
	for g := range n {
		if g > 0 {
			buf = append(buf, '-')
		}
		v := p.Uint64() % 100_000_000_000
		var d [11]byte
		for i := 10; i >= 0; i-- {
			d[i] = byte('0' + v%10)
			v /= 10
		}
		buf = append(buf, d[:]...)
	}
	return buf
}

// SysbenchRow returns row id of a sysbench table of rows rows loaded from
// seed: what Sysbench inserts, for tests that check content.
func SysbenchRow(id, rows, seed int64) (k uint64, c, pad string) {
	var p rand.PCG
	seedRow(&p, seed, streamSysbench, uint64(id))
	k = sysbenchK(&p, rows)
	c = string(appendDigitGroups(nil, &p, sysbenchCGroups))
	pad = string(appendDigitGroups(nil, &p, sysbenchPadGroups))
	return k, c, pad
}
