package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ColumnType is a parsed COLUMN_TYPE such as "int(10) unsigned zerofill",
// "decimal(12,2)" or "enum('a','b')": the parts DATA_TYPE and the other
// information_schema columns do not give, such as ENUM members in order.
type ColumnType struct {
	Base     string   // lower case, aliases resolved: "int", "varchar", "enum"
	Args     []int    // the numbers in parentheses; nil without
	Members  []string // ENUM and SET members, unquoted
	Unsigned bool
	Zerofill bool
	Attrs    []string // any other words, lower case
}

// Arg is the i-th number in parentheses, or def.
func (c ColumnType) Arg(i, def int) int {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return def
}

// Digits is a number type's (M,D): DECIMAL's defaults filled in;
// limited is false for FLOAT and DOUBLE without them.
func (c ColumnType) Digits() (m, d int, limited bool) {
	if c.Base == "decimal" {
		return c.Arg(0, 10), c.Arg(1, 0), true
	}
	if len(c.Args) == 2 {
		return c.Args[0], c.Args[1], true
	}
	return 0, 0, false
}

// typeAliases maps names information_schema does not use to the ones it does.
var typeAliases = map[string]string{
	"integer": "int", "dec": "decimal", "numeric": "decimal", "fixed": "decimal", "real": "double",
	"bool": "tinyint", "boolean": "tinyint", "geometrycollection": "geomcollection",
}

// ParseColumnType reads a COLUMN_TYPE. It skips comments such as MariaDB's
// "datetime /* mariadb-5.3 */".
func ParseColumnType(s string) (ColumnType, error) {
	var ct ColumnType
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == 0 {
		return ct, fmt.Errorf("column type %q: no type name", s)
	}
	ct.Base = strings.ToLower(s[:i])
	if a, ok := typeAliases[ct.Base]; ok {
		ct.Base = a
	}
	rest := strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	if after, ok := strings.CutPrefix(rest, "("); ok {
		var err error
		if ct.Base == "enum" || ct.Base == "set" {
			ct.Members, rest, err = parseMembers(after)
		} else {
			ct.Args, rest, err = parseArgs(after)
		}
		if err != nil {
			return ColumnType{}, fmt.Errorf("column type %q: %w", s, err)
		}
	} else if ct.Base == "enum" || ct.Base == "set" {
		return ColumnType{}, fmt.Errorf("column type %q: no members", s)
	}
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		if after, ok := strings.CutPrefix(rest, "/*"); ok {
			_, end, ok := strings.Cut(after, "*/")
			if !ok {
				return ColumnType{}, fmt.Errorf("column type %q: unterminated comment", s)
			}
			rest = end
			continue
		}
		word := rest
		if n := strings.IndexFunc(rest, unicode.IsSpace); n >= 0 {
			word = rest[:n]
		}
		rest = rest[len(word):]
		switch w := strings.ToLower(word); w {
		case "unsigned":
			ct.Unsigned = true
		case "zerofill":
			ct.Unsigned, ct.Zerofill = true, true
		case "signed":
		default:
			ct.Attrs = append(ct.Attrs, w)
		}
	}
	return ct, nil
}

// parseArgs reads "10,2)" and returns what follows the parenthesis.
func parseArgs(s string) (args []int, rest string, err error) {
	inside, rest, ok := strings.Cut(s, ")")
	if !ok {
		return nil, "", fmt.Errorf("no closing parenthesis")
	}
	for _, a := range strings.Split(inside, ",") {
		a = strings.TrimSpace(a)
		if a == "" || strings.Trim(a, "0123456789") != "" {
			return nil, "", fmt.Errorf("size %q is not a number", a)
		}
		n, err := strconv.Atoi(a)
		if err != nil {
			return nil, "", fmt.Errorf("size %q: %w", a, err)
		}
		args = append(args, n)
	}
	return args, rest, nil
}

// parseMembers reads "'a','b')", undoubling quotes inside members, and
// returns what follows the parenthesis.
func parseMembers(s string) (members []string, rest string, err error) {
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if !strings.HasPrefix(s, "'") {
			return nil, "", fmt.Errorf("want a quoted member at %q", s)
		}
		var b strings.Builder
		i := 1
		for ; ; i++ {
			if i >= len(s) {
				return nil, "", fmt.Errorf("unterminated member")
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(s[i])
		}
		members = append(members, b.String())
		s = strings.TrimLeftFunc(s[i+1:], unicode.IsSpace)
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, ")"):
			return members, s[1:], nil
		default:
			return nil, "", fmt.Errorf("want ',' or ')' at %q", s)
		}
	}
}
