package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/parity-db/parity/schema"
)

// documentsVersion names the row algorithm, as sysbenchVersion does.
const documentsVersion = "parity-datagen documents v1"

// DocumentsComment is the COMMENT that marks a finished Documents load.
func DocumentsComment(rows, docBytes int, seed int64) string {
	return fmt.Sprintf("%s seed=%d rows=%d bytes=%d", documentsVersion, seed, rows, docBytes)
}

// Documents creates database.name with rows rows of (id, created_at, doc),
// each doc a JSON object of about docBytes bytes. Large JSON rows are what
// make a filesort need more than sort_buffer_size for a single row: the
// "Out of sort memory" failure of ORDER BY on MySQL 8.0 and later. On MariaDB
// the JSON column is its LONGTEXT alias. A table already holding the same
// load is left as it is.
func Documents(ctx context.Context, db *sql.DB, flavor schema.Flavor, database, name string, rows, docBytes int, seed int64) error {
	comment := DocumentsComment(rows, docBytes, seed)
	if got, ok, err := tableComment(ctx, db, database, name); err != nil || (ok && got == comment) {
		return err
	}
	if err := createDatabase(ctx, db, database); err != nil {
		return err
	}
	table := tableName(database, name)
	create := "CREATE TABLE " + table + ` (
		id INT UNSIGNED NOT NULL PRIMARY KEY,
		created_at DATETIME NOT NULL,
		doc JSON NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
	for _, q := range []string{"DROP TABLE IF EXISTS " + table, create} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("documents table %s.%s: %w", database, name, err)
		}
	}
	c, release, err := session(ctx, db)
	if err != nil {
		return fmt.Errorf("documents table %s.%s: %w", database, name, err)
	}
	defer release()
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for id := 1; id <= rows; id++ {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(id)))
		created := base.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
		if _, err := c.ExecContext(ctx, "INSERT INTO "+table+" VALUES (?, ?, ?)",
			id, created.Format(time.DateTime), document(r, docBytes)); err != nil {
			return fmt.Errorf("load documents table %s.%s: %w", database, name, err)
		}
	}
	if _, err := db.ExecContext(ctx, "ALTER TABLE "+table+" COMMENT = "+quoteString(comment)); err != nil {
		return fmt.Errorf("mark documents table %s.%s loaded: %w", database, name, err)
	}
	return nil
}

// document returns a JSON object of about size bytes: an order's line items,
// each a small object, so MySQL's binary JSON form is about as large as the
// text.
func document(r *rand.Rand, size int) string {
	var b strings.Builder
	b.Grow(size + 128)
	b.WriteString(`{"customer": ` + strconv.FormatInt(r.Int64N(1_000_000), 10) + `, "items": [`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"sku": "SKU-%08d", "qty": %d, "price": %d.%02d, "note": %s}`,
			r.IntN(100_000_000), 1+r.IntN(9), r.IntN(1000), r.IntN(100), jsonString(randText(r, utf8mb4, 24, 96)))
	}
	b.WriteString("]}")
	return b.String()
}
