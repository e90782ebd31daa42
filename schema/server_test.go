package schema_test

import (
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in                  string
		flavor              schema.Flavor
		major, minor, patch int
	}{
		{"10.11.14-MariaDB-0+deb12u2", schema.MariaDB, 10, 11, 14},
		{"9.7.4-2", schema.MySQL, 9, 7, 4},
		{"8.0.36", schema.MySQL, 8, 0, 36},
		{"5.5.5-10.6.12-MariaDB-log", schema.MariaDB, 10, 6, 12},
		{"5.7.44-log", schema.MySQL, 5, 7, 44},
		{"8.0.28-google", schema.MySQL, 8, 0, 28},
		{"11.4.2-MariaDB", schema.MariaDB, 11, 4, 2},
		{"10.4.32-mariadb-ubu2004", schema.MariaDB, 10, 4, 32},
		{"8.0.mysql_aurora.3.05.2", schema.MySQL, 0, 0, 0}, // Aurora is detected by Identify, not here
		{"garbage", schema.MySQL, 0, 0, 0},
		{"", schema.MySQL, 0, 0, 0},
		{"9.x.1", schema.MySQL, 0, 0, 0},
	}
	for _, tt := range tests {
		f, ma, mi, pa := schema.ParseVersion(tt.in)
		if f != tt.flavor || ma != tt.major || mi != tt.minor || pa != tt.patch {
			t.Errorf("ParseVersion(%q) = %s %d.%d.%d, want %s %d.%d.%d", tt.in, f, ma, mi, pa, tt.flavor, tt.major, tt.minor, tt.patch)
		}
	}
}

func TestServerAtLeast(t *testing.T) {
	s := schema.Server{Major: 8, Minor: 0, Patch: 36}
	for _, tt := range []struct {
		major, minor int
		want         bool
	}{{5, 7, true}, {8, 0, true}, {8, 1, false}, {9, 0, false}, {7, 99, true}} {
		if got := s.AtLeast(tt.major, tt.minor); got != tt.want {
			t.Errorf("8.0.36 AtLeast(%d, %d) = %v, want %v", tt.major, tt.minor, got, tt.want)
		}
	}
	s = schema.Server{Endpoint: "app@h:3306/db", Flavor: schema.MariaDB, Version: "10.11.14-MariaDB"}
	if got, want := s.String(), "mariadb 10.11.14-MariaDB at app@h:3306/db"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
