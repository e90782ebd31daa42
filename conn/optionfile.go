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
		line, open := stripComment(line)
		key, val, hasVal := strings.Cut(line, "=")
		key = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(key)), "_", "-")
		if key == "" {
			return nil, fmt.Errorf("line %d: option without a name", n)
		}
		if !hasVal {
			opts[key] = ""
			continue
		}
		v, err := optionValue(strings.TrimSpace(val), open)
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

// stripComment cuts line at the first '#' outside quotes, as the mysql
// client does (a '#' needs no space before it to start a comment), and
// reports whether the line ends inside a quote. Inside quotes a backslash
// protects the next character.
func stripComment(line string) (string, bool) {
	var quote byte
	escaped := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if (c == '\'' || c == '"') && !escaped {
			if quote == 0 {
				quote = c
			} else if quote == c {
				quote = 0
			}
		}
		if quote == 0 && c == '#' {
			return strings.TrimSpace(line[:i]), false
		}
		escaped = quote != 0 && c == '\\' && !escaped
	}
	return line, quote != 0
}

// optionValue unquotes a value the way the mysql client does: a value that
// starts and ends with the same quote loses them (so it keeps '#' and
// surrounding spaces), and escape sequences \b \t \n \r \s \\ \" \' are
// honoured in any value. A quote that opens a value and is never closed is an
// error (the mysql client would silently keep it as part of the value).
func optionValue(v string, unterminated bool) (string, error) {
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		if unterminated || len(v) < 2 || v[len(v)-1] != v[0] {
			return "", fmt.Errorf("unterminated quote")
		}
		v = v[1 : len(v)-1]
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
	case '"':
		return `"`
	case '\'':
		return "'"
	default:
		return "\\" + string(c)
	}
}
