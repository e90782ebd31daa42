package schema

import (
	"database/sql"
	"testing"
)

func TestIsGenerated(t *testing.T) {
	tests := []struct {
		extra string
		want  bool
	}{
		{"", false},
		{"auto_increment", false},
		{"VIRTUAL GENERATED", true},
		{"STORED GENERATED", true},
		{"virtual generated invisible", true},
		{"PERSISTENT GENERATED", true},
		{"DEFAULT_GENERATED", false}, // MySQL: an expression default such as CURRENT_TIMESTAMP
		{"DEFAULT_GENERATED on update CURRENT_TIMESTAMP", false},
		{"INVISIBLE", false},
	}
	for _, tt := range tests {
		if got := isGenerated(tt.extra); got != tt.want {
			t.Errorf("isGenerated(%q) = %v, want %v", tt.extra, got, tt.want)
		}
	}
}

func TestColumnDefault(t *testing.T) {
	null := sql.NullString{}
	text := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	tests := []struct {
		flavor Flavor
		in     sql.NullString
		want   *string
	}{
		{MySQL, null, nil},
		{MySQL, text("abc"), ptr("abc")},
		{MySQL, text("NULL"), ptr("NULL")}, // MySQL: the string 'NULL'
		{MySQL, text("'quoted'"), ptr("'quoted'")},
		{MariaDB, null, nil},
		{MariaDB, text("NULL"), nil}, // MariaDB: DEFAULT NULL
		{MariaDB, text("'NULL'"), ptr("NULL")},
		{MariaDB, text("'abc'"), ptr("abc")},
		{MariaDB, text("''"), ptr("")},
		{MariaDB, text("'it''s'"), ptr("it's")},
		{MariaDB, text(`'c:\\dir'`), ptr(`c:\dir`)},
		{MariaDB, text(`'l1\nl2\t\r\0\Z'`), ptr("l1\nl2\t\r\x00\x1a")},
		{MariaDB, text("5"), ptr("5")},
		{MariaDB, text("current_timestamp()"), ptr("current_timestamp()")},
		{MariaDB, text("(`a` + 1)"), ptr("(`a` + 1)")},
		{MariaDB, text("'"), ptr("'")},
	}
	for _, tt := range tests {
		got := columnDefault(tt.flavor, tt.in)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("columnDefault(%s, %+v) = %s, want %s", tt.flavor, tt.in, show(got), show(tt.want))
		}
	}
}

func ptr(s string) *string { return &s }

func show(p *string) string {
	if p == nil {
		return "nil"
	}
	return "\"" + *p + "\""
}
