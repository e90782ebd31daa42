package schema

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// HiddenTables says whether the connected account may not see every table of
// the named schemas: information_schema lists only the tables an account
// holds some privilege on, so a table the account may not read is not
// missing, it is invisible, and a comparison would not know it exists. It
// returns "" when SELECT on *.* or on each whole schema covers them, and
// otherwise a sentence saying why tables may be hidden.
func HiddenTables(ctx context.Context, db *sql.DB, schemas []string) (string, error) {
	rows, err := db.QueryContext(ctx, "SHOW GRANTS")
	if err != nil {
		return "", fmt.Errorf("read the account's grants: %w", err)
	}
	defer rows.Close()
	var grants []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return "", fmt.Errorf("read the account's grants: %w", err)
		}
		grants = append(grants, g)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("read the account's grants: %w", err)
	}
	var user string
	if err := db.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&user); err != nil {
		return "", fmt.Errorf("read the account's name: %w", err)
	}
	return hiddenBy(grants, schemas, user), nil
}

// grantRE reads "GRANT <privileges> ON <level> TO ...".
var grantRE = regexp.MustCompile(`(?i)^GRANT (.+?) ON (\S+) TO `)

// roleGrantRE reads a role grant, "GRANT `r`@`%` TO ..." or "GRANT `r` TO ...".
var roleGrantRE = regexp.MustCompile("(?i)^GRANT `[^`]+`(@`[^`]*`)?(, *`[^`]+`(@`[^`]*`)?)* TO ")

// hiddenBy judges SHOW GRANTS lines for the schemas (see HiddenTables).
func hiddenBy(grants, schemas []string, user string) string {
	covered := map[string]bool{}
	roles := false
	for _, g := range grants {
		if roleGrantRE.MatchString(g) {
			roles = true
			continue
		}
		m := grantRE.FindStringSubmatch(g)
		if m == nil || !readsAll(m[1]) {
			continue
		}
		level := m[2]
		if level == "*.*" {
			return ""
		}
		db, rest, ok := strings.Cut(level, ".")
		if !ok || rest != "*" {
			continue // table-level: covers that table only
		}
		for _, s := range schemas {
			if schemaLike(unquoteIdent(db), s) {
				covered[s] = true
			}
		}
	}
	var open []string
	for _, s := range schemas {
		if !covered[s] {
			open = append(open, s)
		}
	}
	if len(open) == 0 {
		return ""
	}
	slices.Sort(open)
	why := "its grants there are on single tables only"
	if roles {
		why = "its grants come partly through roles, which parity cannot see into"
	}
	return fmt.Sprintf("account %s has no SELECT on all of %s (%s): tables it may not read are invisible to it, and not compared",
		user, strings.Join(open, ", "), why)
}

// readsAll reports whether a privilege list lets the account read tables.
func readsAll(privs string) bool {
	for _, p := range strings.Split(privs, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		if p == "SELECT" || p == "ALL" || p == "ALL PRIVILEGES" || strings.HasPrefix(p, "SELECT ") {
			return true
		}
	}
	return false
}

func unquoteIdent(s string) string {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	}
	return s
}

// schemaLike matches a schema name against the LIKE pattern a schema-level
// grant holds: '_' is any one character and '%' any run, unless escaped
// with '\'.
func schemaLike(pattern, name string) bool {
	p, n := []rune(pattern), []rune(name)
	var like func(i, j int) bool
	like = func(i, j int) bool {
		for i < len(p) {
			switch c := p[i]; {
			case c == '%':
				for k := j; k <= len(n); k++ {
					if like(i+1, k) {
						return true
					}
				}
				return false
			case j == len(n):
				return false
			case c == '\\' && i+1 < len(p):
				if p[i+1] != n[j] {
					return false
				}
				i += 2
			case c == '_' || c == n[j]:
				i++
			default:
				return false
			}
			j++
		}
		return j == len(n)
	}
	return like(0, 0)
}
