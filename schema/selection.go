package schema

import (
	"fmt"
	"strings"
)

// SystemSchemas are never selected, whatever the patterns say.
var SystemSchemas = []string{"mysql", "information_schema", "performance_schema", "sys"}

// IsSystemSchema reports whether name is one of SystemSchemas.
func IsSystemSchema(name string) bool {
	for _, s := range SystemSchemas {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// Selection chooses tables by shell-style patterns on "db.table" (see
// Glob: '*' also matches '/' and '.', which table names may hold). The
// first dot splits schema from table, so "shop.a.b" names table "a.b"; a
// schema whose name holds a dot is written in backquotes, "`my.db`.t*". A
// pattern without a dot names a table of DefaultSchema.
type Selection struct {
	Include       []string // empty: every table of DefaultSchema
	Exclude       []string
	DefaultSchema string
}

// ParsePatterns splits a comma-separated flag value, dropping blanks.
func ParsePatterns(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Validate reports malformed patterns and a selection that cannot name any
// schema, before any server is asked.
func (s Selection) Validate() error {
	for _, p := range append(append([]string(nil), s.Include...), s.Exclude...) {
		db, tbl := s.split(p)
		if db == "" {
			return fmt.Errorf("table pattern %q has no database and the DSN names none: write db.table", p)
		}
		for _, part := range []string{db, tbl} {
			if err := CheckGlob(part); err != nil {
				return fmt.Errorf("table pattern %q: %w", p, err)
			}
		}
	}
	if len(s.Include) == 0 && s.DefaultSchema == "" {
		return fmt.Errorf("no tables selected: name a database in the DSN or pass --tables 'db.*'")
	}
	return nil
}

func (s Selection) split(p string) (db, tbl string) {
	if rest, ok := strings.CutPrefix(p, "`"); ok {
		if i := strings.Index(rest, "`."); i >= 0 {
			return strings.ReplaceAll(rest[:i], "``", "`"), rest[i+2:]
		}
	}
	if i := strings.IndexByte(p, '.'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return s.DefaultSchema, p
}

func (s Selection) match(patterns []string, r Ref) bool {
	for _, p := range patterns {
		db, tbl := s.split(p)
		if Glob(db, r.Schema) && Glob(tbl, r.Name) {
			return true
		}
	}
	return false
}

// Matches reports whether the selection takes table r.
func (s Selection) Matches(r Ref) bool {
	if IsSystemSchema(r.Schema) {
		return false
	}
	include := s.Include
	if len(include) == 0 {
		include = []string{s.DefaultSchema + ".*"}
	}
	return s.match(include, r) && !s.match(s.Exclude, r)
}

// Literals returns the included patterns that contain no wildcard: tables the
// user named exactly, which must exist.
func (s Selection) Literals() []Ref {
	var refs []Ref
	for _, p := range s.Include {
		if !strings.ContainsAny(p, "*?[") {
			db, tbl := s.split(p)
			refs = append(refs, Ref{db, tbl})
		}
	}
	return refs
}
