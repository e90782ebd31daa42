package bench

import (
	"context"
	"database/sql"
	"time"
)

// measured is what one timed query produced.
type measured struct {
	seconds, firstRow float64
	rows, bytes       int64
}

// scan runs query and reads every row as raw bytes, discarding them: what
// a client that exports the result does, without the cost of converting
// values.
func scan(ctx context.Context, c *sql.Conn, query string) (measured, error) {
	var m measured
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
		if m.rows == 0 {
			m.firstRow = time.Since(start).Seconds()
		}
		if err := rows.Scan(dest...); err != nil {
			return m, err
		}
		for _, v := range raw {
			m.bytes += int64(len(v))
		}
		m.rows++
	}
	if err := rows.Err(); err != nil {
		return m, err
	}
	if err := rows.Close(); err != nil {
		return m, err
	}
	m.seconds = time.Since(start).Seconds()
	if m.rows == 0 {
		m.firstRow = m.seconds
	}
	return m, nil
}
