package measure

import (
	"context"
	"database/sql"
	"time"
)

// Scanned is what one timed query produced.
type Scanned struct {
	Seconds, FirstRow float64
	Rows, Bytes       int64
}

// Scan runs query and reads every row as raw bytes, discarding them: what
// a client that exports the result does, without the cost of converting
// values.
func Scan(ctx context.Context, c *sql.Conn, query string) (Scanned, error) {
	var m Scanned
	start := time.Now()
	rows, err := c.QueryContext(ctx, query)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return m, err
	}
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if m.Rows == 0 {
			m.FirstRow = time.Since(start).Seconds()
		}
		if err := rows.Scan(dest...); err != nil {
			return m, err
		}
		for _, v := range raw {
			m.Bytes += int64(len(v))
		}
		m.Rows++
	}
	if err := rows.Err(); err != nil {
		return m, err
	}
	if err := rows.Close(); err != nil {
		return m, err
	}
	m.Seconds = time.Since(start).Seconds()
	if m.Rows == 0 {
		m.FirstRow = m.Seconds
	}
	return m, nil
}
