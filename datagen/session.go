package datagen

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// session takes a connection of its own from db and runs setup on it
// ("SET SESSION ..."). release closes that connection instead of returning
// it to db's pool, so session variables changed here (a relaxed sql_mode,
// unique_checks=0) never reach the caller's other queries.
func session(ctx context.Context, db *sql.DB, setup ...string) (c *sql.Conn, release func(), err error) {
	c, err = db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	release = func() {
		// Returning ErrBadConn from Raw makes database/sql discard the connection.
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
		_ = c.Close()
	}
	for _, q := range setup {
		if _, err := c.ExecContext(ctx, q); err != nil {
			release()
			return nil, nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	return c, release, nil
}

// tableName is the quoted `db`.`name` form statements use.
func tableName(database, name string) string {
	return schema.QuoteIdent(database) + "." + schema.QuoteIdent(name)
}

// quoteString renders s as a single-quoted SQL string literal, for the few
// places a value cannot be a placeholder (a table COMMENT in DDL). It
// assumes the default sql_mode without NO_BACKSLASH_ESCAPES; the comments
// datagen writes hold no backslash, so they read the same in either mode.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// tableComment reads a table's COMMENT; ok is false when the table does not
// exist.
func tableComment(ctx context.Context, db *sql.DB, database, name string) (comment string, ok bool, err error) {
	err = db.QueryRowContext(ctx, `SELECT TABLE_COMMENT FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`, database, name).Scan(&comment)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read comment of %s.%s: %w", database, name, err)
	}
	return comment, true, nil
}

// createDatabase creates database when it is missing.
func createDatabase(ctx context.Context, db *sql.DB, database string) error {
	q := "CREATE DATABASE IF NOT EXISTS " + schema.QuoteIdent(database) + " CHARACTER SET utf8mb4"
	if _, err := db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("create database %s: %w", database, err)
	}
	return nil
}
