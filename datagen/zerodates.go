package datagen

import (
	"context"
	"database/sql"
	"fmt"
)

// zeroDateRows are the rows ZeroDates inserts: id, c_date, c_datetime_6,
// c_timestamp. TIMESTAMP cannot hold a partial-zero date (the server stores
// '0000-00-00 00:00:00' instead, with a warning), so that column gets only
// whole zeros.
var zeroDateRows = [][4]any{
	{1, "0000-00-00", "0000-00-00 00:00:00.000000", "0000-00-00 00:00:00"},
	{2, "2020-00-15", "2020-00-15 10:11:12.000000", "2020-01-15 10:11:12"},
	{3, "2020-05-00", "2020-05-00 23:59:59.999999", "0000-00-00 00:00:00"},
	{4, "2020-05-15", "2020-05-15 08:00:00.500000", "2020-05-15 08:00:00"},
	{5, nil, nil, nil},
	{6, "0000-00-00", "2020-00-00 00:00:00.000001", "2038-01-18 23:59:59"},
	{7, "1999-12-31", "0000-00-00 00:00:00.000000", "1970-01-02 00:00:00"},
}

// zeroDateColumns name the ZeroDates columns after id.
var zeroDateColumns = []string{"c_date", "c_datetime_6", "c_timestamp"}

// isZeroDate reports whether a date or datetime text has a zero year, month
// or day: '0000-00-00', '2020-00-15', '2020-05-00'.
func isZeroDate(s string) bool {
	return len(s) >= 10 && (s[:4] == "0000" || s[5:7] == "00" || s[8:10] == "00")
}

// ZeroDateCounts returns how many zero or partial-zero values each column
// of the ZeroDates table holds.
func ZeroDateCounts() map[string]int {
	counts := map[string]int{}
	for _, c := range zeroDateColumns {
		counts[c] = 0
	}
	for _, row := range zeroDateRows {
		for i, c := range zeroDateColumns {
			if s, ok := row[i+1].(string); ok && isZeroDate(s) {
				counts[c]++
			}
		}
	}
	return counts
}

// ZeroDates creates (dropping any old one) database.name with columns
// c_date DATE, c_datetime_6 DATETIME(6) and c_timestamp TIMESTAMP, and
// inserts zero ('0000-00-00') and partial-zero ('2020-00-15', '2020-05-00')
// dates next to normal ones and NULLs. Strict servers refuse these values,
// so it writes them through a connection of its own with an empty sql_mode
// and time_zone '+00:00', which it closes afterwards. It
// fails if the server changed any value (a warning on the insert). It
// returns how many zero or partial-zero values each column got, e.g.
//
//	map[c_date:4 c_datetime_6:4 c_timestamp:2]
func ZeroDates(ctx context.Context, db *sql.DB, database, name string) (map[string]int, error) {
	c, release, err := session(ctx, db, "SET SESSION sql_mode = ''", "SET SESSION time_zone = '+00:00'")
	if err != nil {
		return nil, fmt.Errorf("zero-dates table %s.%s: %w", database, name, err)
	}
	defer release()
	table := tableName(database, name)
	create := "CREATE TABLE " + table + ` (
  id INT NOT NULL,
  c_date DATE NULL,
  c_datetime_6 DATETIME(6) NULL,
  c_timestamp TIMESTAMP NULL DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
	for _, q := range []string{"DROP TABLE IF EXISTS " + table, create} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("zero-dates table %s.%s: %w", database, name, err)
		}
	}
	ins := newInserter(table, append([]string{"id"}, zeroDateColumns...), []string{"?", "?", "?", "?"}, len(zeroDateRows), allTypesBatchBytes)
	for _, row := range zeroDateRows {
		ins.Add(row[:])
	}
	q, args := ins.Statement()
	if _, err := c.ExecContext(ctx, q, args...); err != nil {
		return nil, fmt.Errorf("fill zero-dates table %s.%s: %w", database, name, err)
	}
	var warnings int
	if err := c.QueryRowContext(ctx, "SELECT @@warning_count").Scan(&warnings); err != nil {
		return nil, fmt.Errorf("fill zero-dates table %s.%s: %w", database, name, err)
	}
	if warnings > 0 {
		return nil, fmt.Errorf("fill zero-dates table %s.%s: the server changed %d values (see SHOW WARNINGS)", database, name, warnings)
	}
	return ZeroDateCounts(), nil
}
