package schema

import (
	"fmt"
	"path"
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

// Selection chooses tables by shell-style patterns on "db.table".
// A pattern without a dot names a table of DefaultSchema.
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
			if _, err := path.Match(part, ""); err != nil {
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
	if i := strings.IndexByte(p, '.'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return s.DefaultSchema, p
}

func (s Selection) match(patterns []string, r Ref) bool {
	for _, p := range patterns {
		db, tbl := s.split(p)
		okDB, _ := path.Match(db, r.Schema)
		okTbl, _ := path.Match(tbl, r.Name)
		if okDB && okTbl {
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
