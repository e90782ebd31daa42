// Command paritygen fills a database with parity's deterministic sample
// tables: a sysbench-shaped table of any size, a table with every MySQL
// column type, a table of zero dates, a table of large JSON documents
// (the ORDER BY that runs out of sort memory), and the reservations sample:
// the tables of a small booking application that make demo migrates. The
// same seed gives the same rows on MariaDB and MySQL, so two servers can be
// compared; a table that already holds the requested rows is left alone.
//
//	paritygen --dsn 'user:pass@tcp(127.0.0.1:3306)/' --database demo --sysbench-rows 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
)

func main() {
	var (
		dsn          = flag.String("dsn", "", "server `DSN` (go-sql-driver form or mysql:// URL)")
		database     = flag.String("database", "parity_demo", "`database` to create and fill")
		sysbenchRows = flag.Int64("sysbench-rows", 100_000, "rows of the sysbench-shaped table sbtest1 (0: skip)")
		allTypesRows = flag.Int("all-types-rows", 1_000, "rows of the every-column-type table all_types (0: skip)")
		zeroDates    = flag.Bool("zero-dates", true, "create the zero_dates table")
		documents    = flag.Int("documents-rows", 0, "rows of the docs table, each a 400 KB JSON document (0: skip)")
		reservations = flag.Int("reservations-rows", 0, "rows of the reservations sample's reservations table; customers, legacy_guests (latin1) and audit_log (keyless) are scaled from it (0: skip)")
		seed         = flag.Int64("seed", 1, "random seed: same seed, same rows")
	)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := generate(ctx, *dsn, *database, *sysbenchRows, *allTypesRows, *zeroDates, *documents, *reservations, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "paritygen: %s\n", conn.Redact(err.Error()))
		os.Exit(2)
	}
}

func generate(ctx context.Context, dsn, database string, sysbenchRows int64, allTypesRows int, zeroDates bool, documents, reservations int, seed int64) error {
	ep, err := conn.Parse(dsn, conn.Options{Role: "server", PasswordEnv: conn.PasswordEnv("source")})
	if err != nil {
		return err
	}
	pool, err := conn.Open(ctx, ep, 4)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := pool.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+schema.QuoteIdent(database)+" CHARACTER SET utf8mb4"); err != nil {
		return conn.Classify(err, "create database", ep)
	}
	step := func(what string, fn func() error) error {
		start := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s on %s: %w", what, ep, err)
		}
		fmt.Fprintf(os.Stderr, "paritygen: %s.%s ready on %s (%s) in %v\n", database, what, ep, pool.Server.Flavor, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if sysbenchRows > 0 {
		if err := step("sbtest1", func() error { return datagen.Sysbench(ctx, pool.DB, database, "sbtest1", sysbenchRows, seed) }); err != nil {
			return err
		}
	}
	if allTypesRows > 0 {
		if err := step("all_types", func() error {
			return datagen.AllTypes(ctx, pool.DB, pool.Server.Flavor, database, "all_types", allTypesRows, seed)
		}); err != nil {
			return err
		}
	}
	if zeroDates {
		if err := step("zero_dates", func() error { _, err := datagen.ZeroDates(ctx, pool.DB, database, "zero_dates"); return err }); err != nil {
			return err
		}
	}
	if reservations > 0 {
		size := datagen.ReservationsSizeFor(reservations)
		what := fmt.Sprintf("{customers,reservations,legacy_guests,audit_log} (%d, %d, %d, %d rows)",
			size.Customers, size.Reservations, size.LegacyGuests, size.LogLines)
		if err := step(what, func() error { return datagen.Reservations(ctx, pool.DB, pool.Server.Flavor, database, size, seed) }); err != nil {
			return err
		}
	}
	if documents > 0 {
		if err := step("docs", func() error {
			return datagen.Documents(ctx, pool.DB, pool.Server.Flavor, database, "docs", documents, 400_000, seed)
		}); err != nil {
			return err
		}
	}
	return nil
}
