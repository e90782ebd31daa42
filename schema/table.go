package schema

import (
	"fmt"
	"strings"
)

// Column is one column as information_schema describes it.
type Column struct {
	Name       string  `json:"name"`
	Ordinal    int     `json:"ordinal"`
	DataType   string  `json:"data_type"`   // lower case DATA_TYPE; MariaDB JSON columns report "json"
	ColumnType string  `json:"column_type"` // full COLUMN_TYPE, e.g. "int(10) unsigned", "enum('a','b')"
	Nullable   bool    `json:"nullable"`
	Unsigned   bool    `json:"unsigned,omitempty"`
	Charset    string  `json:"charset,omitempty"`   // "" for non-text and for BINARY/VARBINARY/BLOB (servers report none)
	Collation  string  `json:"collation,omitempty"` // "" for non-text
	Precision  int     `json:"precision,omitempty"` // DECIMAL digits, BIT width
	Scale      int     `json:"scale,omitempty"`     // DECIMAL scale
	FSP        int     `json:"fsp,omitempty"`       // fractional seconds of DATETIME, TIMESTAMP, TIME
	MaxLength  int64   `json:"max_length,omitempty"`
	Default    *string `json:"default,omitempty"`
	Extra      string  `json:"extra,omitempty"`
	Generated  bool    `json:"generated,omitempty"`
}

// IsText reports whether values are character strings (as opposed to bytes).
// The character set decides, not the BINARY flag: charset "binary" is bytes.
func (c Column) IsText() bool { return c.Charset != "" && c.Charset != "binary" }

// Index is a primary, unique or secondary index.
type Index struct {
	Name     string   `json:"name"`
	Primary  bool     `json:"primary,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Columns  []string `json:"columns"`
	Nullable bool     `json:"nullable,omitempty"` // any column may be NULL
	Prefix   bool     `json:"prefix,omitempty"`   // any column is indexed by a prefix only
	// Invisible: MySQL INVISIBLE or MariaDB IGNORED; the optimizer may not use it.
	Invisible bool `json:"invisible,omitempty"`
}

// Table is a base table with its columns and indexes.
type Table struct {
	Schema       string   `json:"schema"`
	Name         string   `json:"name"`
	Columns      []Column `json:"columns"`
	Indexes      []Index  `json:"indexes,omitempty"`
	Engine       string   `json:"engine,omitempty"`
	RowFormat    string   `json:"row_format,omitempty"`
	Collation    string   `json:"collation,omitempty"`
	RowsEstimate int64    `json:"rows_estimate"`
	DataLength   int64    `json:"data_length"`
}

// String is the unquoted db.table form people read.
func (t *Table) String() string { return t.Schema + "." + t.Name }

// QuotedName is the db.table form SQL needs.
func (t *Table) QuotedName() string { return QuoteIdent(t.Schema) + "." + QuoteIdent(t.Name) }

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// ChunkKey picks the index that chunks the table: the primary key, else the
// unique index whose columns are all NOT NULL and fully indexed (fewest
// columns first). ok is false when the table has no such key.
func (t *Table) ChunkKey() (idx Index, ok bool) {
	for _, ix := range t.Indexes {
		if ix.Primary {
			return ix, true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && !ix.Nullable && !ix.Prefix && !ix.Invisible && (!ok || len(ix.Columns) < len(idx.Columns)) {
			idx, ok = ix, true
		}
	}
	return idx, ok
}

// QuoteIdent quotes a MySQL identifier. It is the one place identifiers are
// quoted: every statement parity builds goes through it.
func QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// QuoteIdents quotes and comma-joins names.
func QuoteIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// ColumnNames lists the table's column names in ordinal order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// Ref is a table reference before introspection: schema and name.
type Ref struct{ Schema, Name string }

func (r Ref) String() string { return fmt.Sprintf("%s.%s", r.Schema, r.Name) }
