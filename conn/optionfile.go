package conn

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadOptionFile reads the [client] section of a MySQL option file
// (my.cnf format). Keys are normalized: lower case, '-' for '_'.
// !include and !includedir directives are not followed.
func ReadOptionFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("defaults file: %w", err)
	}
	defer f.Close()
	opts, err := ParseOptionFile(f, "client")
	if err != nil {
		return nil, fmt.Errorf("defaults file %s: %w", path, err)
	}
	return opts, nil
}

// ParseOptionFile returns the options of one section of an option file.
func ParseOptionFile(r io.Reader, section string) (map[string]string, error) {
	opts := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	in := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || line[0] == '!' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated section header", n)
			}
			in = strings.EqualFold(strings.TrimSpace(line[1:end]), section)
			continue
		}
		if !in {
			continue
		}
		key, val, hasVal := strings.Cut(line, "=")
		key = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(key)), "_", "-")
		if key == "" {
			return nil, fmt.Errorf("line %d: option without a name", n)
		}
		if !hasVal {
			opts[key] = ""
			continue
		}
		v, err := optionValue(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("line %d: option %s: %w", n, key, err)
		}
		opts[key] = v
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return opts, nil
}

// optionValue unquotes a value the way the mysql client does: quoted values
// keep '#' and spaces; unquoted ones end at an inline " #" comment; escape
// sequences \b \t \n \r \\ \s are honoured.
func optionValue(v string) (string, error) {
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			c := v[i]
			switch {
			case c == q:
				return b.String(), nil
			case c == '\\' && i+1 < len(v):
				i++
				b.WriteString(unescape(v[i]))
			default:
				b.WriteByte(c)
			}
		}
		return "", fmt.Errorf("unterminated quote")
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if i := strings.Index(v, "\t#"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			b.WriteString(unescape(v[i]))
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String(), nil
}

func unescape(c byte) string {
	switch c {
	case 'b':
		return "\b"
	case 't':
		return "\t"
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	case 's':
		return " "
	case '\\':
		return "\\"
	default:
		return "\\" + string(c)
	}
}
