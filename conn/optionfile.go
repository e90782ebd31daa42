package conn

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Option is one option line of a MySQL option file (my.cnf format).
type Option struct {
	Group    string // lower case: "client", "mysql", ...
	Name     string // lower case, '-' for '_', without a "loose-" prefix
	Value    string
	HasValue bool   // "password" alone has none (the client then prompts)
	Source   string // "FILE line N", for messages
}

// Directive is an !include FILE or !includedir DIR line.
type Directive struct {
	Include, IncludeDir string
	Source              string
}

// optionEntry is an option or a directive, in file order.
type optionEntry struct {
	option    *Option
	directive *Directive
}

// ParseOptionFile reads an option file's options in order, without
// following !include; name is how messages refer to the file. An option
// before any [group] is an error, as in the mysql client. Errors never
// repeat a value, which may be a password.
func ParseOptionFile(r io.Reader, name string) ([]Option, error) {
	entries, err := parseOptionEntries(r, name)
	var opts []Option
	for _, e := range entries {
		if e.option != nil {
			opts = append(opts, *e.option)
		}
	}
	return opts, err
}

func parseOptionEntries(r io.Reader, name string) ([]optionEntry, error) {
	var out []optionEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	group := ""
	for n := 1; sc.Scan(); n++ {
		where := fmt.Sprintf("%s line %d", name, n)
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '!' {
			word, arg := line, ""
			if i := strings.IndexAny(line, " \t"); i >= 0 {
				word, arg = line[:i], strings.TrimSpace(line[i+1:])
			}
			word = strings.ToLower(word)
			if word != "!include" && word != "!includedir" {
				return out, fmt.Errorf("%s: unknown directive (want !include FILE or !includedir DIR)", where)
			}
			if arg == "" {
				return out, fmt.Errorf("%s: %s needs a path", where, word)
			}
			d := &Directive{Include: arg, Source: where}
			if word == "!includedir" {
				d = &Directive{IncludeDir: arg, Source: where}
			}
			out = append(out, optionEntry{directive: d})
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return out, fmt.Errorf("%s: unterminated group header", where)
			}
			group = strings.ToLower(strings.TrimSpace(line[1:end]))
			continue
		}
		if group == "" {
			return out, fmt.Errorf("%s: option before the first [group]", where)
		}
		line, open := stripComment(line)
		key, val, hasVal := strings.Cut(line, "=")
		key = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(key)), "_", "-")
		key = strings.TrimPrefix(key, "loose-")
		if key == "" {
			return out, fmt.Errorf("%s: option without a name", where)
		}
		opt := &Option{Group: group, Name: key, HasValue: hasVal, Source: where}
		if hasVal {
			v, err := optionValue(strings.TrimSpace(val), open)
			if err != nil {
				return out, fmt.Errorf("%s: option %s: %w", where, key, err)
			}
			opt.Value = v
		}
		out = append(out, optionEntry{option: opt})
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
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
			return "", errors.New("unterminated quote")
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
