package verify

import (
	"cmp"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/parity-db/parity/schema"
)

// Severity says whether a finding fails verify.
type Severity string

const (
	// Difference makes verify exit 1: the target does not, or cannot, hold
	// what the source holds, or accepts and rejects different rows.
	Difference Severity = "difference"
	// Notice is reported but does not fail: a change migrations make on
	// purpose, such as a wider type, utf8mb4 or InnoDB.
	Notice Severity = "notice"
)

// Finding is one way a table's definition differs between the clusters.
// Kind is one of missing_table, extra_table, table_name, missing_column,
// extra_column, column_type, charset, collation, nullable, default,
// on_update, auto_increment, generated, column_order, primary_key,
// unique_key, index, engine, row_format.
type Finding struct {
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"`
	Table    string   `json:"table"` // source db.table; the target's name for an extra table
	Column   string   `json:"column,omitempty"`
	Source   string   `json:"source,omitempty"` // the source's value, as a person reads it
	Target   string   `json:"target,omitempty"`
	Message  string   `json:"message"`
}

// TablePair is a table present on both clusters: what the data comparison
// works on.
type TablePair struct {
	Source, Target *schema.Table
	Columns        []string // columns on both sides, in source order and spelling
}

// SchemaReport is the outcome of CompareSchemas.
type SchemaReport struct {
	Pairs    []TablePair // sorted by source name
	Findings []Finding   // sorted by table, column, kind
}

// Differences counts the findings that fail verify.
func (r SchemaReport) Differences() int { return differences(r.Findings) }

// CompareSchemas pairs each source table with its target (through m) and
// compares their definitions. With strict, every notice counts as a
// difference (a display width alone is never reported).
//
// A source table whose target name is missing is paired with a target table
// whose name differs only in letter case, if exactly one does (a server with
// lower_case_table_names=1), and a notice says so.
func CompareSchemas(src, tgt []*schema.Table, m Mapping, strict bool) SchemaReport {
	var r SchemaReport
	sources := slices.Clone(src)
	slices.SortFunc(sources, func(a, b *schema.Table) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Name, b.Name))
	})
	byName := map[schema.Ref]*schema.Table{}
	byFoldedName := map[schema.Ref][]*schema.Table{}
	for _, t := range tgt {
		byName[tableRef(t)] = t
		byFoldedName[foldRef(tableRef(t))] = append(byFoldedName[foldRef(tableRef(t))], t)
	}
	paired := map[*schema.Table]*schema.Table{} // source -> target
	used := map[*schema.Table]bool{}
	for _, s := range sources {
		if t := byName[m.Target(tableRef(s))]; t != nil {
			paired[s], used[t] = t, true
		}
	}
	for _, s := range sources {
		if paired[s] != nil {
			continue
		}
		want := m.Target(tableRef(s))
		if c := byFoldedName[foldRef(want)]; len(c) == 1 && !used[c[0]] {
			paired[s], used[c[0]] = c[0], true
			r.Findings = append(r.Findings, Finding{Severity: Notice, Kind: "table_name", Table: s.String(),
				Source: want.String(), Target: c[0].String(),
				Message: fmt.Sprintf("table %s is %s on target (letter case differs)", s, c[0])})
			continue
		}
		r.Findings = append(r.Findings, Finding{Severity: Difference, Kind: "missing_table", Table: s.String(),
			Source: s.String(), Message: fmt.Sprintf("table %s is missing on target (looked for %s)", s, want)})
	}
	for _, s := range sources {
		t := paired[s]
		if t == nil {
			continue
		}
		cols, fs := compareTable(s, t)
		r.Pairs = append(r.Pairs, TablePair{Source: s, Target: t, Columns: cols})
		for _, f := range fs {
			f.Table = s.String()
			r.Findings = append(r.Findings, f)
		}
	}
	for _, t := range tgt {
		if used[t] {
			continue
		}
		msg := fmt.Sprintf("table %s exists on target only", t)
		if from, ok := m.Source(tableRef(t)); ok && from != tableRef(t) {
			msg += fmt.Sprintf(" (no source table %s)", from)
		}
		r.Findings = append(r.Findings, Finding{Severity: Difference, Kind: "extra_table", Table: t.String(),
			Target: t.String(), Message: msg})
	}
	if strict {
		for i := range r.Findings {
			r.Findings[i].Severity = Difference
		}
	}
	slices.SortFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Message, b.Message))
	})
	return r
}

func tableRef(t *schema.Table) schema.Ref { return schema.Ref{Schema: t.Schema, Name: t.Name} }

func foldRef(r schema.Ref) schema.Ref {
	return schema.Ref{Schema: strings.ToLower(r.Schema), Name: strings.ToLower(r.Name)}
}

// compareTable compares one pair; the findings have no Table yet.
func compareTable(s, t *schema.Table) (cols []string, fs []Finding) {
	fs = append(fs, compareStorage(s, t)...)
	for _, sc := range s.Columns {
		tc := t.Column(sc.Name)
		if tc == nil {
			fs = append(fs, Finding{Severity: Difference, Kind: "missing_column", Column: sc.Name, Source: sc.ColumnType,
				Message: fmt.Sprintf("column %s %s is missing on target", sc.Name, sc.ColumnType)})
			continue
		}
		cols = append(cols, sc.Name)
		fs = append(fs, compareColumn(sc, *tc)...)
	}
	var targetOrder []string
	for _, tc := range t.Columns {
		if sc := s.Column(tc.Name); sc != nil {
			targetOrder = append(targetOrder, sc.Name)
			continue
		}
		fs = append(fs, Finding{Severity: Difference, Kind: "extra_column", Column: tc.Name, Target: tc.ColumnType,
			Message: fmt.Sprintf("column %s %s exists on target only", tc.Name, tc.ColumnType)})
	}
	if !slices.Equal(cols, targetOrder) {
		fs = append(fs, Finding{Severity: Notice, Kind: "column_order",
			Source: strings.Join(cols, ", "), Target: strings.Join(targetOrder, ", "),
			Message: "columns are in a different order on target (matters to SELECT * and INSERT without a column list)"})
	}
	fs = append(fs, compareKeys(s, t)...)
	return cols, fs
}

// compareStorage compares engine, row format and the table's default
// collation, none of which changes the rows.
func compareStorage(s, t *schema.Table) []Finding {
	var fs []Finding
	if s.Engine != "" && t.Engine != "" && !strings.EqualFold(s.Engine, t.Engine) {
		sev, why := Difference, "not the usual InnoDB target"
		if strings.EqualFold(t.Engine, "InnoDB") {
			sev, why = Notice, "converted to InnoDB"
		}
		fs = append(fs, Finding{Severity: sev, Kind: "engine", Source: s.Engine, Target: t.Engine,
			Message: fmt.Sprintf("engine %s on source, %s on target (%s)", s.Engine, t.Engine, why)})
	}
	if s.RowFormat != "" && t.RowFormat != "" && !strings.EqualFold(s.RowFormat, t.RowFormat) {
		fs = append(fs, Finding{Severity: Notice, Kind: "row_format", Source: s.RowFormat, Target: t.RowFormat,
			Message: fmt.Sprintf("row format %s on source, %s on target (storage only)", s.RowFormat, t.RowFormat)})
	}
	if s.Collation != "" && t.Collation != "" && normCollation(s.Collation) != normCollation(t.Collation) {
		fs = append(fs, Finding{Severity: Notice, Kind: "collation", Source: s.Collation, Target: t.Collation,
			Message: fmt.Sprintf("table default collation %s on source, %s on target (applies to columns added later)", s.Collation, t.Collation)})
	}
	return fs
}

// compareColumn compares a column present on both sides.
func compareColumn(s, t schema.Column) []Finding {
	var fs []Finding
	add := func(sev Severity, kind, src, tgt, format string, args ...any) {
		fs = append(fs, Finding{Severity: sev, Kind: kind, Column: s.Name, Source: src, Target: tgt,
			Message: fmt.Sprintf("column %s: ", s.Name) + fmt.Sprintf(format, args...)})
	}
	if v := typeChange(s, t); v.sev != "" {
		add(v.sev, "column_type", showType(s), showType(t), "%s on source, %s on target (%s)", showType(s), showType(t), v.why)
	}
	if f, ok := compareCharset(s, t); ok {
		add(f.Severity, f.Kind, f.Source, f.Target, "%s", f.Message)
	}
	if s.Nullable != t.Nullable {
		why := "the target rejects NULL"
		if t.Nullable {
			why = "the target accepts NULL"
		}
		add(Difference, "nullable", showNull(s.Nullable), showNull(t.Nullable), "%s on source, %s on target (%s)",
			showNull(s.Nullable), showNull(t.Nullable), why)
	}
	if !sameDefault(s, t) {
		add(Difference, "default", showDefault(s), showDefault(t), "default %s on source, %s on target",
			showDefault(s), showDefault(t))
	}
	if so, to := onUpdate(s.Extra), onUpdate(t.Extra); so != to {
		add(Notice, "on_update", showOnUpdate(so), showOnUpdate(to), "%s on source, %s on target (changes what updates write)",
			showOnUpdate(so), showOnUpdate(to))
	}
	if sa, ta := autoIncrement(s.Extra), autoIncrement(t.Extra); sa != ta {
		add(Notice, "auto_increment", showAutoIncrement(sa), showAutoIncrement(ta), "%s on source, %s on target (changes what inserts write)",
			showAutoIncrement(sa), showAutoIncrement(ta))
	}
	switch sg, tg := generation(s), generation(t); {
	case s.Generated != t.Generated:
		add(Difference, "generated", sg, tg, "%s on source, %s on target", sg, tg)
	case sg != tg:
		add(Notice, "generated", sg, tg, "%s on source, %s on target (storage only)", sg, tg)
	}
	return fs
}

// verdict judges a change; sev "" means none worth reporting.
type verdict struct {
	sev Severity
	why string
}

var (
	widened      = verdict{Notice, "widened"}
	narrowed     = verdict{Difference, "narrowed"}
	incompatible = verdict{Difference, "incompatible types"}
)

// typeChange judges a change of column type. Display widths (int(11) and
// int) never count.
func typeChange(s, t schema.Column) verdict {
	sameText := strings.EqualFold(strings.TrimSpace(s.ColumnType), strings.TrimSpace(t.ColumnType))
	switch sj, tj := s.DataType == "json", t.DataType == "json"; {
	case sj && tj && sameText:
		return verdict{}
	case sj && tj:
		return verdict{Notice, "MariaDB JSON and native JSON hold the same documents"}
	case sj != tj:
		return incompatible
	}
	st, err1 := parseColumnType(s.ColumnType)
	tt, err2 := parseColumnType(t.ColumnType)
	if err1 != nil || err2 != nil {
		if sameText {
			return verdict{}
		}
		return verdict{Difference, "unrecognized types differ"}
	}
	v := compareTypes(st, tt, t.Charset)
	switch {
	case v.sev != "":
		return v
	case !slices.Equal(st.Attrs, tt.Attrs):
		return verdict{Difference, "unrecognized attributes differ"}
	case st.Zerofill != tt.Zerofill:
		return verdict{Notice, "ZEROFILL changed: values are equal, their display is not"}
	}
	return verdict{}
}

// compareTypes judges a change between parsed types; tgtCharset sizes text
// columns.
func compareTypes(s, t columnType, tgtCharset string) verdict {
	fam := typeFamily(s.Base)
	if fam != typeFamily(t.Base) || fam == "" {
		if s.Base == t.Base && slices.Equal(s.Args, t.Args) && slices.Equal(s.Members, t.Members) &&
			s.Unsigned == t.Unsigned && slices.Equal(s.Attrs, t.Attrs) {
			return verdict{}
		}
		return incompatible
	}
	if !s.Unsigned && t.Unsigned && (fam == "integer" || fam == "decimal" || fam == "float") {
		return verdict{Difference, "signed to unsigned: negative values do not fit"}
	}
	switch fam {
	case "integer":
		return compareIntegers(s, t)
	case "decimal", "float":
		return compareNumbers(s, t)
	case "bit":
		return compareSizes(s.arg(0, 1), t.arg(0, 1), s.Base == t.Base)
	case "text":
		return compareStrings(s, t, "char", "varchar", textBytes, charsetMaxLen(tgtCharset))
	case "binary":
		return compareStrings(s, t, "binary", "varbinary", blobBytes, 1)
	case "enum", "set":
		return compareMembers(s.Members, t.Members)
	case "datetime", "time":
		return compareTemporal(s, t)
	case "spatial":
		switch {
		case s.Base == t.Base:
			return verdict{}
		case t.Base == "geometry":
			return widened
		}
		return incompatible
	}
	return verdict{} // year: the width is display only
}

var intBytes = map[string]int{"tinyint": 1, "smallint": 2, "mediumint": 3, "int": 4, "bigint": 8}

// compareIntegers compares ranges: int unsigned fits in a signed bigint.
func compareIntegers(s, t columnType) verdict {
	bits := func(c columnType) int { // bits of the largest value
		if c.Unsigned {
			return 8 * intBytes[c.Base]
		}
		return 8*intBytes[c.Base] - 1
	}
	switch {
	case bits(t) < bits(s) && s.Unsigned && !t.Unsigned:
		return verdict{Difference, "unsigned to signed: the largest values do not fit"}
	case bits(t) < bits(s):
		return narrowed
	case s.Base != t.Base || s.Unsigned != t.Unsigned:
		return widened
	}
	return verdict{}
}

// compareNumbers compares DECIMAL(M,D), FLOAT and DOUBLE (with or without
// the deprecated (M,D)): integer digits and scale must not shrink.
func compareNumbers(s, t columnType) verdict {
	if s.Base == "double" && t.Base == "float" {
		return verdict{Difference, "narrowed: float keeps fewer digits than double"}
	}
	sm, sd, sLimited := s.digits()
	tm, td, tLimited := t.digits()
	switch {
	case !tLimited:
	case !sLimited:
		return narrowed
	case td < sd:
		return verdict{Difference, "scale reduced: fractional digits are rounded"}
	case tm-td < sm-sd:
		return verdict{Difference, "narrowed: fewer integer digits"}
	}
	if s.Base == t.Base && sLimited == tLimited && sm == tm && sd == td && s.Unsigned == t.Unsigned {
		return verdict{}
	}
	return widened
}

// digits is (M,D); limited is false for FLOAT and DOUBLE without them.
func (c columnType) digits() (m, d int, limited bool) {
	if c.Base == "decimal" {
		return c.arg(0, 10), c.arg(1, 0), true
	}
	if len(c.Args) == 2 {
		return c.Args[0], c.Args[1], true
	}
	return 0, 0, false
}

func compareSizes(s, t int, sameBase bool) verdict {
	switch {
	case t < s:
		return narrowed
	case t > s || !sameBase:
		return widened
	}
	return verdict{}
}

var (
	textBytes = map[string]int{"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295}
	blobBytes = map[string]int{"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295}
)

// compareStrings compares CHAR/VARCHAR/TEXT or BINARY/VARBINARY/BLOB.
// Fixed-width targets lose trailing spaces (or gain zero-byte padding), and
// a LOB never shrinks back into a VARCHAR.
func compareStrings(s, t columnType, fixed, variable string, lobs map[string]int, tgtMaxLen int) verdict {
	sLob, tLob := lobs[s.Base], lobs[t.Base]
	switch {
	case sLob > 0 && tLob > 0:
		return compareSizes(sLob, tLob, true)
	case sLob > 0:
		return verdict{Difference, fmt.Sprintf("narrowed: %s to %s", s.Base, t.Base)}
	case tLob > 0:
		return compareSizes(s.arg(0, 1), tLob/tgtMaxLen, false)
	case s.Base == variable && t.Base == fixed && fixed == "char":
		return verdict{Difference, "varchar to char: trailing spaces are lost"}
	case s.Base == variable && t.Base == fixed:
		return verdict{Difference, "varbinary to binary: values are padded with zero bytes"}
	}
	return compareSizes(s.arg(0, 1), t.arg(0, 1), s.Base == t.Base)
}

// compareMembers allows members added at the end: every stored value, and
// the order ENUM sorts by, stays the same.
func compareMembers(s, t []string) verdict {
	switch {
	case slices.Equal(s, t):
		return verdict{}
	case len(t) > len(s) && slices.Equal(s, t[:len(s)]):
		return verdict{Notice, "members added at the end"}
	}
	return verdict{Difference, "members removed or reordered"}
}

// compareTemporal compares DATETIME, TIMESTAMP and TIME by fractional
// seconds; DATETIME and TIMESTAMP swap freely (a common migration choice).
func compareTemporal(s, t columnType) verdict {
	sf, tf := s.arg(0, 0), t.arg(0, 0)
	switch {
	case tf < sf:
		return verdict{Difference, "fractional seconds reduced: values are rounded"}
	case s.Base == "datetime" && t.Base == "timestamp":
		return verdict{Notice, "timestamp holds 1970-2038 only and converts between time zones"}
	case s.Base == "timestamp" && t.Base == "datetime":
		return verdict{Notice, "datetime does not convert between time zones"}
	case tf > sf:
		return verdict{Notice, "more fractional seconds"}
	}
	return verdict{}
}

func typeFamily(base string) string {
	switch base {
	case "tinyint", "smallint", "mediumint", "int", "bigint":
		return "integer"
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext":
		return "text"
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return "binary"
	case "float", "double":
		return "float"
	case "datetime", "timestamp":
		return "datetime"
	case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geomcollection":
		return "spatial"
	case "decimal", "bit", "enum", "set", "time", "year":
		return base
	}
	return ""
}

func showType(c schema.Column) string {
	if c.DataType == "json" && !strings.EqualFold(c.ColumnType, "json") {
		return "json (MariaDB " + c.ColumnType + ")"
	}
	return c.ColumnType
}

// compareCharset compares character sets, or collations when the character
// set is the same. ok is false when they agree or a side is not text.
func compareCharset(s, t schema.Column) (f Finding, ok bool) {
	if s.DataType == "json" || t.DataType == "json" || s.Charset == "" || t.Charset == "" {
		return Finding{}, false
	}
	sc, tc := normCharset(s.Charset), normCharset(t.Charset)
	if sc != tc {
		sev, why := Notice, tc+" holds every "+sc+" character"
		if !charsetCovers(tc, sc) {
			sev, why = Difference, tc+" cannot hold every "+sc+" character"
		}
		return Finding{Severity: sev, Kind: "charset", Source: s.Charset, Target: t.Charset,
			Message: fmt.Sprintf("character set %s (%s) on source, %s (%s) on target (%s)",
				s.Charset, s.Collation, t.Charset, t.Collation, why)}, true
	}
	if s.Collation != "" && t.Collation != "" && normCollation(s.Collation) != normCollation(t.Collation) {
		return Finding{Severity: Notice, Kind: "collation", Source: s.Collation, Target: t.Collation,
			Message: fmt.Sprintf("collation %s on source, %s on target (sorting and comparing differ)", s.Collation, t.Collation)}, true
	}
	return Finding{}, false
}

// normCharset folds utf8, the name MySQL before 8.0.30 and MariaDB before
// 10.6 give utf8mb3.
func normCharset(cs string) string {
	cs = strings.ToLower(cs)
	if cs == "utf8" {
		return "utf8mb3"
	}
	return cs
}

func normCollation(coll string) string {
	coll = strings.ToLower(coll)
	if rest, ok := strings.CutPrefix(coll, "utf8_"); ok {
		return "utf8mb3_" + rest
	}
	return coll
}

// unicodeCharsets hold every Unicode character.
var unicodeCharsets = map[string]bool{"utf8mb4": true, "utf16": true, "utf16le": true, "utf32": true, "gb18030": true}

// charsetCovers reports whether wide holds every character of narrow.
// Every other character set lies in Unicode's basic plane, which utf8mb3
// and ucs2 hold.
func charsetCovers(wide, narrow string) bool {
	switch {
	case wide == narrow, unicodeCharsets[wide], narrow == "ascii":
		return true
	case wide == "utf8mb3" || wide == "ucs2":
		return !unicodeCharsets[narrow]
	}
	return false
}

// charsetMaxLen is the most bytes one character takes; unknown sets count 4.
func charsetMaxLen(cs string) int {
	switch normCharset(cs) {
	case "utf8mb3", "ujis", "eucjpms":
		return 3
	case "ucs2", "big5", "sjis", "euckr", "gb2312", "gbk", "cp932":
		return 2
	case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030", "":
		return 4
	}
	return 1
}

var (
	nowRE      = regexp.MustCompile(`^(current_timestamp|now|localtime|localtimestamp)(\(\d*\))?$`)
	decimalRE  = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)$`)
	fractionRE = regexp.MustCompile(`^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.0*$`)
)

// sameDefault compares defaults as both flavors spell them. schema already
// unquotes MariaDB's literals and reads its NULL as no default.
func sameDefault(s, t schema.Column) bool {
	if s.Default == nil || t.Default == nil {
		return s.Default == nil && t.Default == nil
	}
	return normDefault(s) == normDefault(t)
}

// normDefault spells any CURRENT_TIMESTAMP the same, numbers by value (0.00
// is 0.0000 after a scale change) and datetimes without zero fractions.
func normDefault(c schema.Column) string {
	v := *c.Default
	switch c.DataType {
	case "datetime", "timestamp", "date", "time":
		l := strings.ToLower(strings.TrimSpace(v))
		if nowRE.MatchString(l) {
			return "current_timestamp"
		}
		return fractionRE.ReplaceAllString(v, "$1")
	case "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double":
		if decimalRE.MatchString(v) {
			if r, ok := new(big.Rat).SetString(v); ok {
				return r.RatString()
			}
		}
	}
	return v
}

func showDefault(c schema.Column) string {
	switch {
	case c.Default == nil && c.Nullable:
		return "NULL"
	case c.Default == nil:
		return "none"
	case c.IsText() || c.DataType == "enum" || c.DataType == "set":
		return "'" + strings.ReplaceAll(*c.Default, "'", "''") + "'"
	}
	return *c.Default
}

func showNull(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

// onUpdate is the ON UPDATE expression in EXTRA, normalized ("" if none).
func onUpdate(extra string) string {
	_, after, ok := strings.Cut(strings.ToLower(extra), "on update ")
	if !ok {
		return ""
	}
	expr, _, _ := strings.Cut(strings.TrimSpace(after), " ")
	if nowRE.MatchString(expr) {
		return "current_timestamp"
	}
	return expr
}

func showOnUpdate(expr string) string {
	if expr == "" {
		return "no ON UPDATE"
	}
	return "ON UPDATE " + strings.ToUpper(expr)
}

func autoIncrement(extra string) bool {
	return strings.Contains(strings.ToLower(extra), "auto_increment")
}

func showAutoIncrement(on bool) string {
	if on {
		return "AUTO_INCREMENT"
	}
	return "no AUTO_INCREMENT"
}

// generation says how a column gets its values, for messages.
func generation(c schema.Column) string {
	if !c.Generated {
		return "not generated"
	}
	for _, w := range strings.Fields(strings.ToUpper(c.Extra)) {
		if w == "STORED" || w == "PERSISTENT" {
			return "STORED generated"
		}
	}
	return "VIRTUAL generated"
}

// compareKeys compares the primary key, unique keys (which decide what rows
// a table accepts) and secondary indexes (which only change speed).
func compareKeys(s, t *schema.Table) []Finding {
	var sp, tp, su, tu, ss, ts []schema.Index
	split := func(ixs []schema.Index, p, u, o *[]schema.Index) {
		for _, ix := range ixs {
			switch {
			case ix.Primary:
				*p = append(*p, ix)
			case ix.Unique:
				*u = append(*u, ix)
			default:
				*o = append(*o, ix)
			}
		}
	}
	split(s.Indexes, &sp, &su, &ss)
	split(t.Indexes, &tp, &tu, &ts)
	fs := compareIndexes(sp, tp, s, "primary_key", "primary key", Difference)
	fs = append(fs, compareIndexes(su, tu, s, "unique_key", "unique key", Difference)...)
	return append(fs, compareIndexes(ss, ts, s, "index", "index", Notice)...)
}

// compareIndexes pairs indexes by their columns first (a renamed index is the
// same index), then by name (an index whose columns changed).
func compareIndexes(si, ti []schema.Index, src *schema.Table, kind, noun string, sev Severity) []Finding {
	var fs []Finding
	sUsed, tUsed := make([]bool, len(si)), make([]bool, len(ti))
	pair := func(match func(a, b schema.Index) bool, found func(a, b schema.Index)) {
		for i, a := range si {
			for j, b := range ti {
				if !sUsed[i] && !tUsed[j] && match(a, b) {
					sUsed[i], tUsed[j] = true, true
					found(a, b)
				}
			}
		}
	}
	pair(func(a, b schema.Index) bool { return sameColumns(a.Columns, b.Columns) }, func(a, b schema.Index) {
		if a.Invisible != b.Invisible {
			fs = append(fs, Finding{Severity: Notice, Kind: "index", Source: visibility(a), Target: visibility(b),
				Message: fmt.Sprintf("%s %s is %s on source, %s on target", noun, a.Name, visibility(a), visibility(b))})
		}
	})
	pair(func(a, b schema.Index) bool { return strings.EqualFold(a.Name, b.Name) }, func(a, b schema.Index) {
		fs = append(fs, Finding{Severity: sev, Kind: kind, Source: showIndex(a, src), Target: showIndex(b, src),
			Message: fmt.Sprintf("%s %s: %s on source, %s on target", noun, a.Name, showColumns(a, src), showColumns(b, src))})
	})
	for i, a := range si {
		if !sUsed[i] {
			fs = append(fs, Finding{Severity: sev, Kind: kind, Source: showIndex(a, src),
				Message: fmt.Sprintf("%s %s is missing on target", noun, showIndex(a, src))})
		}
	}
	for j, b := range ti {
		if !tUsed[j] {
			fs = append(fs, Finding{Severity: sev, Kind: kind, Target: showIndex(b, src),
				Message: fmt.Sprintf("%s %s exists on target only", noun, showIndex(b, src))})
		}
	}
	return fs
}

func sameColumns(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}

func visibility(ix schema.Index) string {
	if ix.Invisible {
		return "invisible"
	}
	return "visible"
}

func showIndex(ix schema.Index, src *schema.Table) string {
	return ix.Name + " " + showColumns(ix, src)
}

// showColumns lists an index's columns in the source's spelling.
func showColumns(ix schema.Index, src *schema.Table) string {
	names := make([]string, len(ix.Columns))
	for i, n := range ix.Columns {
		switch c := src.Column(n); {
		case n == "":
			names[i] = "(expression)"
		case c != nil:
			names[i] = c.Name
		default:
			names[i] = n
		}
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// columnType is a parsed COLUMN_TYPE such as "int(10) unsigned zerofill",
// "decimal(12,2)" or "enum('a','b')".
type columnType struct {
	Base     string   // lower case, aliases resolved: "int", "varchar", "enum"
	Args     []int    // the numbers in parentheses; nil without
	Members  []string // ENUM and SET members, unquoted
	Unsigned bool
	Zerofill bool
	Attrs    []string // any other words, lower case
}

// arg is the i-th number in parentheses, or def.
func (c columnType) arg(i, def int) int {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return def
}

// typeAliases maps names information_schema does not use to the ones it does.
var typeAliases = map[string]string{
	"integer": "int", "dec": "decimal", "numeric": "decimal", "fixed": "decimal", "real": "double",
	"bool": "tinyint", "boolean": "tinyint", "geometrycollection": "geomcollection",
}

// parseColumnType reads a COLUMN_TYPE. It skips comments such as MariaDB's
// "datetime /* mariadb-5.3 */".
func parseColumnType(s string) (columnType, error) {
	var ct columnType
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
			return columnType{}, fmt.Errorf("column type %q: %w", s, err)
		}
	} else if ct.Base == "enum" || ct.Base == "set" {
		return columnType{}, fmt.Errorf("column type %q: no members", s)
	}
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		if after, ok := strings.CutPrefix(rest, "/*"); ok {
			_, end, ok := strings.Cut(after, "*/")
			if !ok {
				return columnType{}, fmt.Errorf("column type %q: unterminated comment", s)
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
