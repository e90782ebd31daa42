package verify

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// Mapping renames source tables to their target names, for a migration that
// renamed a schema or some tables (--map 'olddb.*=newdb.*'). Rules apply in
// the order given and the first match wins. The zero value maps every table
// to itself.
type Mapping struct{ rules []mapRule }

type mapRule struct{ from, to mapSide }

// mapSide is one side of a rule. With prefix set, table is a table-name
// prefix, and "" means every table of the schema.
type mapSide struct {
	schema, table string
	prefix        bool
}

// ParseMapping parses --map values. Each value holds one or more
// comma-separated rules:
//
//	olddb.*=newdb.*         every table of a schema (olddb=newdb means the same)
//	olddb.t=newdb.t2        one table
//	shop.tmp_*=shop.old_*   a table-name prefix
//	`my.db`.t=db2.t         backquotes for names with dots, commas or '='
func ParseMapping(values []string) (Mapping, error) {
	var m Mapping
	for _, v := range values {
		if strings.Count(v, "`")%2 == 1 {
			return Mapping{}, fmt.Errorf("map rules %q: unterminated backquote", v)
		}
		for _, text := range splitUnquoted(v, ',') {
			text = strings.TrimSpace(text)
			if text == "" {
				continue
			}
			r, err := parseRule(text)
			if err != nil {
				return Mapping{}, fmt.Errorf("map rule %q: %w", text, err)
			}
			for _, prev := range m.rules {
				if prev.from == r.from {
					return Mapping{}, fmt.Errorf("map rule %q: %s is already mapped by rule %q", text, r.from, prev)
				}
				if prev.from.covers(r.from) {
					return Mapping{}, fmt.Errorf("map rule %q never applies: the earlier rule %q already maps %s (put the narrower rule first)", text, prev, r.from)
				}
			}
			m.rules = append(m.rules, r)
		}
	}
	return m, nil
}

// SchemaMapping maps every table of schema from to the same name in
// schema to: what the DSNs mean when they name different databases.
func SchemaMapping(from, to string) Mapping {
	return Mapping{rules: []mapRule{{from: mapSide{schema: from, prefix: true}, to: mapSide{schema: to, prefix: true}}}}
}

// IsZero reports whether m has no rules and maps every table to itself.
func (m Mapping) IsZero() bool { return len(m.rules) == 0 }

// Target is the name src has on the target cluster.
func (m Mapping) Target(src schema.Ref) schema.Ref {
	for _, r := range m.rules {
		if r.from.matches(src) {
			return renameRef(src, r.from, r.to)
		}
	}
	return src
}

// Source is the source table that maps to tgt. ok is false when no source
// name maps there: the target table is extra. When several source names map
// to tgt, the first rule's wins.
func (m Mapping) Source(tgt schema.Ref) (src schema.Ref, ok bool) {
	for _, r := range m.rules {
		if r.to.matches(tgt) {
			// An earlier rule may send the candidate elsewhere.
			if src := renameRef(tgt, r.to, r.from); m.Target(src) == tgt {
				return src, true
			}
		}
	}
	if m.Target(tgt) == tgt {
		return tgt, true
	}
	return schema.Ref{}, false
}

// String renders the rules comma-separated; ParseMapping reads it back.
func (m Mapping) String() string {
	s := make([]string, len(m.rules))
	for i, r := range m.rules {
		s[i] = r.String()
	}
	return strings.Join(s, ",")
}

func (r mapRule) String() string { return r.from.String() + "=" + r.to.String() }

func (s mapSide) String() string {
	switch {
	case s.prefix && s.table == "":
		return quoteRuleName(s.schema) + ".*"
	case s.prefix:
		return quoteRuleName(s.schema) + "." + quoteRuleName(s.table) + "*"
	}
	return quoteRuleName(s.schema) + "." + quoteRuleName(s.table)
}

func (s mapSide) matches(r schema.Ref) bool {
	if r.Schema != s.schema {
		return false
	}
	if s.prefix {
		return strings.HasPrefix(r.Name, s.table)
	}
	return r.Name == s.table
}

// covers reports whether s matches every table o matches.
func (s mapSide) covers(o mapSide) bool {
	if s.schema != o.schema {
		return false
	}
	if s.prefix {
		return strings.HasPrefix(o.table, s.table)
	}
	return !o.prefix && s.table == o.table
}

// renameRef renames r, which from matches, to its name under to.
func renameRef(r schema.Ref, from, to mapSide) schema.Ref {
	if from.prefix {
		return schema.Ref{Schema: to.schema, Name: to.table + r.Name[len(from.table):]}
	}
	return schema.Ref{Schema: to.schema, Name: to.table}
}

func parseRule(text string) (mapRule, error) {
	sides := splitUnquoted(text, '=')
	switch {
	case len(sides) == 1:
		return mapRule{}, errors.New("want source=target, e.g. olddb.*=newdb.*")
	case len(sides) > 2:
		return mapRule{}, errors.New("more than one '=' (backquote names that contain one)")
	}
	if strings.TrimSpace(sides[0]) == "" {
		return mapRule{}, errors.New("the source side (left of '=') is empty")
	}
	if strings.TrimSpace(sides[1]) == "" {
		return mapRule{}, errors.New("the target side (right of '=') is empty")
	}
	from, err := parseSide(sides[0])
	if err != nil {
		return mapRule{}, fmt.Errorf("source side: %w", err)
	}
	to, err := parseSide(sides[1])
	if err != nil {
		return mapRule{}, fmt.Errorf("target side: %w", err)
	}
	if from.prefix != to.prefix {
		return mapRule{}, errors.New("'*' on one side only: write it on both (a schema alone means db.*)")
	}
	return mapRule{from, to}, nil
}

// parseSide reads db, db.*, db.table or db.prefix*.
func parseSide(text string) (mapSide, error) {
	parts := splitUnquoted(text, '.')
	if len(parts) > 2 {
		return mapSide{}, fmt.Errorf("%q has more than one dot (backquote names that contain one: `my.db`.t)", strings.TrimSpace(text))
	}
	db, star, err := parseRuleName(parts[0])
	switch {
	case err != nil:
		return mapSide{}, err
	case star:
		return mapSide{}, errors.New("'*' in the schema name: schemas are named exactly")
	case db == "":
		return mapSide{}, errors.New("empty schema name")
	}
	if len(parts) == 1 {
		return mapSide{schema: db, prefix: true}, nil
	}
	tbl, star, err := parseRuleName(parts[1])
	switch {
	case err != nil:
		return mapSide{}, err
	case tbl == "" && !star:
		return mapSide{}, errors.New("empty table name")
	}
	return mapSide{schema: db, table: tbl, prefix: star}, nil
}

// parseRuleName reads one name, bare or backquoted, and a trailing '*'.
func parseRuleName(text string) (name string, star bool, err error) {
	text = strings.TrimSpace(text)
	if rest, ok := strings.CutSuffix(text, "*"); ok {
		text, star = strings.TrimSpace(rest), true
	}
	if !strings.HasPrefix(text, "`") {
		switch {
		case strings.Contains(text, "*"):
			return "", false, fmt.Errorf("%q: '*' may only end the table name", text)
		case strings.Contains(text, "`"):
			return "", false, fmt.Errorf("%q: a backquote inside a bare name", text)
		}
		return text, star, nil
	}
	var b strings.Builder
	for i := 1; i < len(text); i++ {
		if text[i] != '`' {
			b.WriteByte(text[i])
			continue
		}
		if i+1 < len(text) && text[i+1] == '`' {
			b.WriteByte('`')
			i++
			continue
		}
		if rest := text[i+1:]; rest != "" {
			if strings.Contains(rest, "*") {
				return "", false, fmt.Errorf("%q: '*' may only end the table name", text)
			}
			return "", false, fmt.Errorf("%q: unexpected %q after the closing backquote", text, rest)
		}
		return b.String(), star, nil
	}
	return "", false, fmt.Errorf("%q: unterminated backquote", text)
}

// quoteRuleName backquotes a name unless it is plainly bare.
func quoteRuleName(name string) string {
	bare := name != ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			bare = false
			break
		}
	}
	if bare {
		return name
	}
	return schema.QuoteIdent(name)
}

// splitUnquoted splits s at each sep outside backquotes.
func splitUnquoted(s string, sep byte) []string {
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '`':
			quoted = !quoted
		case sep:
			if !quoted {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}
