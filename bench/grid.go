package bench

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// maxCells bounds a grid: each cell runs every scenario several times, so a
// typo like 10 values in each of four --set flags should fail at once rather
// than run for days.
const maxCells = 1000

// Setting is one server variable and the values a grid tries.
type Setting struct {
	Name   string
	Values []string
}

// ParseSetting reads a --set flag: "sort_buffer_size=256K,2M". The name is
// lower-cased because MySQL's variable names are case-insensitive and the
// grid must spot the same variable given twice. Values are split on commas,
// so a value that itself holds a comma (an optimizer_switch list) cannot be
// tried; two values that set the same thing ("256K" and "262144") are
// rejected as duplicates, compared case-insensitively as MySQL compares ON
// and on.
func ParseSetting(s string) (Setting, error) {
	name, list, ok := strings.Cut(s, "=")
	if !ok {
		return Setting{}, fmt.Errorf("--set %s: no '=' (want VAR=V1,V2,...)", s)
	}
	name = strings.ToLower(strings.TrimSpace(name))
	if !isVariableName(name) {
		return Setting{}, fmt.Errorf("--set %s: invalid variable name %q (want letters, digits and '_', as in sort_buffer_size=256K,2M)", s, name)
	}
	if strings.TrimSpace(list) == "" {
		return Setting{}, fmt.Errorf("--set %s: no values (want VAR=V1,V2,...)", s)
	}
	set := Setting{Name: name}
	seen := make(map[string]string)
	for v := range strings.SplitSeq(list, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return Setting{}, fmt.Errorf("--set %s: empty value (want VAR=V1,V2,... with no empty items)", s)
		}
		key := strings.ToLower(Assignment{Name: name, Value: v}.SQLValue())
		if prev, dup := seen[key]; dup {
			return Setting{}, fmt.Errorf("--set %s: value %s repeats %s (list each value once)", s, v, prev)
		}
		seen[key] = v
		set.Values = append(set.Values, v)
	}
	return set, nil
}

// isVariableName reports whether name is a lower-case MySQL system variable
// name; anything else would have to be quoted into the SET statement.
func isVariableName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Assignment is one variable at one value in one cell.
type Assignment struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// String is the assignment as the user wrote it: "sort_buffer_size=256K".
func (a Assignment) String() string { return a.Name + "=" + a.Value }

// SQLValue renders the value for the right-hand side of SET. MySQL's SET
// does not accept "256K", so sizes become their byte count; numbers and
// words such as ON, OFF, TempTable or DEFAULT stay bare because a numeric or
// boolean variable rejects a quoted string; anything else becomes a string
// literal. It assumes the session does not use NO_BACKSLASH_ESCAPES.
//
//	sort_buffer_size=2M          → 2097152
//	long_query_time=0.5          → 0.5
//	internal_tmp_mem_storage_engine=MEMORY → MEMORY
//	sql_mode=STRICT_ALL_TABLES   → STRICT_ALL_TABLES
//	time_zone=+00:00             → '+00:00'
func (a Assignment) SQLValue() string {
	v := a.Value
	if n, ok := ParseSize(v); ok {
		return strconv.FormatInt(n, 10)
	}
	if isNumber(v) || isWord(v) {
		return v
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `''`, "\x00", `\0`)
	return "'" + r.Replace(v) + "'"
}

// isNumber reports whether v is a plain decimal number: -1, 0.5, .5.
func isNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	if strings.Count(v, ".") > 1 || strings.Trim(v, ".") == "" {
		return false
	}
	return strings.Trim(v, "0123456789.") == ""
}

// isWord reports whether v is a plain identifier, [A-Za-z_][A-Za-z0-9_]*.
func isWord(v string) bool {
	for i, c := range []byte(v) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return v != ""
}

// Settings is one point of the grid, in the order the --set flags were given.
type Settings []Assignment

// String names the cell for reports: "sort_buffer_size=256K
// temptable_max_ram=2M", or "defaults" for the cell that changes nothing.
func (s Settings) String() string {
	if len(s) == 0 {
		return "defaults"
	}
	parts := make([]string, len(s))
	for i, a := range s {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

// Get returns the value the cell gives to the variable name, matched
// case-insensitively like MySQL does.
func (s Settings) Get(name string) (string, bool) {
	for _, a := range s {
		if strings.EqualFold(a.Name, name) {
			return a.Value, true
		}
	}
	return "", false
}

// Grid returns every combination of the settings' values, the first setting
// varying slowest, so cells that share a value of an early flag sit together
// in the report:
//
//	a=1,2 b=x,y → [a=1 b=x] [a=1 b=y] [a=2 b=x] [a=2 b=y]
//
// With no settings it returns one empty cell: the server's defaults.
func Grid(settings []Setting) ([]Settings, error) {
	cells := 1
	seen := make(map[string]bool)
	for _, s := range settings {
		name := strings.ToLower(s.Name)
		if seen[name] {
			return nil, fmt.Errorf("--set %s given twice (list all its values in one flag: %s=V1,V2,...)", s.Name, s.Name)
		}
		seen[name] = true
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("--set %s: no values (want %s=V1,V2,...)", s.Name, s.Name)
		}
		cells *= len(s.Values)
		if cells > maxCells {
			return nil, fmt.Errorf("grid has more than %d cells (%s): try fewer values per --set or fewer --set flags", maxCells, gridShape(settings))
		}
	}
	grid := make([]Settings, 0, cells)
	cell := make(Settings, len(settings))
	var fill func(i int)
	fill = func(i int) {
		if i == len(settings) {
			grid = append(grid, slices.Clone(cell))
			return
		}
		for _, v := range settings[i].Values {
			cell[i] = Assignment{Name: settings[i].Name, Value: v}
			fill(i + 1)
		}
	}
	fill(0)
	return grid, nil
}

// gridShape writes the grid's dimensions, "40 sort_buffer_size x 30
// join_buffer_size", for the error that rejects it.
func gridShape(settings []Setting) string {
	dims := make([]string, len(settings))
	for i, s := range settings {
		dims[i] = fmt.Sprintf("%d %s", len(s.Values), s.Name)
	}
	return strings.Join(dims, " x ")
}
