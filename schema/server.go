package schema

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Flavor is the server family; it decides which SQL dialect details apply.
type Flavor string

const (
	MySQL       Flavor = "mysql"
	MariaDB     Flavor = "mariadb"
	AuroraMySQL Flavor = "aurora-mysql"
)

// Server identifies the server a result came from, for reports and manifests.
type Server struct {
	Endpoint string `json:"endpoint"` // user@host:port/db, never with a password
	Flavor   Flavor `json:"flavor"`
	Version  string `json:"version"` // as VERSION() reports it
	Major    int    `json:"major"`
	Minor    int    `json:"minor"`
	Patch    int    `json:"patch"`
	Comment  string `json:"version_comment,omitempty"`
	Aurora   string `json:"aurora_version,omitempty"`
	Hostname string `json:"hostname,omitempty"`

	processList string // see ProcessList; "" is information_schema's
}

// ProcessList is the table that lists the server's sessions, with the
// columns ID, USER, HOST, DB, COMMAND, TIME, STATE and INFO, and the
// account's own sessions only without the PROCESS privilege. On MySQL
// 8.0.22 and later with performance_schema on, it is
// performance_schema.processlist: there information_schema.PROCESSLIST
// fails as a whole (error 3854, "Cannot convert string ... to utf8mb3")
// while any session it would list runs a statement whose text is not
// UTF-8, such as one with a binary literal, which a busy server always has.
// Elsewhere it is information_schema.PROCESSLIST.
func (s Server) ProcessList() string {
	if s.processList == "" {
		return "information_schema.PROCESSLIST"
	}
	return s.processList
}

func (s Server) String() string {
	return fmt.Sprintf("%s %s at %s", s.Flavor, s.Version, s.Endpoint)
}

// AtLeast reports whether the server version is major.minor or newer.
func (s Server) AtLeast(major, minor int) bool {
	return s.Major > major || (s.Major == major && s.Minor >= minor)
}

var versionRE = regexp.MustCompile(`^(\d+)\.(\d+)\.(\d+)`)

// ParseVersion splits a VERSION() string such as "10.11.14-MariaDB-0+deb12u2"
// or "9.7.4-2" into flavor and numbers. Aurora is detected separately.
func ParseVersion(v string) (flavor Flavor, major, minor, patch int) {
	flavor = MySQL
	if strings.Contains(strings.ToLower(v), "mariadb") {
		flavor = MariaDB
	}
	// MariaDB 10.x behind old replication clients reports "5.5.5-10.11.2-MariaDB".
	v = strings.TrimPrefix(v, "5.5.5-")
	if m := versionRE.FindStringSubmatch(v); m != nil {
		major, _ = strconv.Atoi(m[1])
		minor, _ = strconv.Atoi(m[2])
		patch, _ = strconv.Atoi(m[3])
	}
	return flavor, major, minor, patch
}

// Identify asks the server who it is.
func Identify(ctx context.Context, db *sql.DB, endpoint string) (Server, error) {
	s := Server{Endpoint: endpoint}
	err := db.QueryRowContext(ctx, "SELECT VERSION(), @@version_comment, @@hostname").
		Scan(&s.Version, &s.Comment, &s.Hostname)
	if err != nil {
		return s, fmt.Errorf("identify server %s: %w", endpoint, err)
	}
	s.Flavor, s.Major, s.Minor, s.Patch = ParseVersion(s.Version)
	if s.Flavor == MySQL {
		// @@aurora_version exists only on Aurora; elsewhere the query fails.
		var av string
		if db.QueryRowContext(ctx, "SELECT @@aurora_version").Scan(&av) == nil && av != "" {
			s.Flavor, s.Aurora = AuroraMySQL, av
		}
		if s.Major > 8 || s.Major == 8 && (s.Minor > 0 || s.Patch >= 22) {
			// Off, performance_schema's table exists but lists nothing; an
			// account that may not read it gets an error.
			var on, mine int
			err := db.QueryRowContext(ctx, `SELECT @@performance_schema,
				(SELECT COUNT(*) FROM performance_schema.processlist WHERE ID = CONNECTION_ID())`).Scan(&on, &mine)
			if err == nil && on == 1 && mine == 1 {
				s.processList = "performance_schema.processlist"
			}
		}
	}
	return s, nil
}
