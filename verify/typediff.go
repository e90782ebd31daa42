package verify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parity-db/parity/schema"
)

// judgement is the severity of a column type change and why; sev "" means
// none worth reporting.
type judgement struct {
	sev Severity
	why string
}

var (
	widened      = judgement{Notice, "widened"}
	narrowed     = judgement{Difference, "narrowed"}
	incompatible = judgement{Difference, "incompatible types"}
)

// typeChange judges a change of column type. Display widths (int(11) and
// int) never count.
func typeChange(s, t schema.Column) judgement {
	sameText := strings.EqualFold(strings.TrimSpace(s.ColumnType), strings.TrimSpace(t.ColumnType))
	switch sj, tj := s.Kind() == schema.JSON, t.Kind() == schema.JSON; {
	case sj && tj && sameText:
		return judgement{}
	case sj && tj:
		return judgement{Notice, "MariaDB JSON and native JSON hold the same documents"}
	case sj != tj:
		return incompatible
	}
	st, err1 := schema.ParseColumnType(s.ColumnType)
	tt, err2 := schema.ParseColumnType(t.ColumnType)
	if err1 != nil || err2 != nil {
		if sameText {
			return judgement{}
		}
		return judgement{Difference, "unrecognized types differ"}
	}
	v := compareTypes(st, tt, t.Charset)
	switch {
	case v.sev != "":
		return v
	case !slices.Equal(st.Attrs, tt.Attrs):
		return judgement{Difference, "unrecognized attributes differ"}
	case st.Zerofill != tt.Zerofill:
		return judgement{Notice, "ZEROFILL changed: values are equal, their display is not"}
	}
	return judgement{}
}

// compareTypes judges a change between parsed types; tgtCharset sizes text
// columns.
func compareTypes(s, t schema.ColumnType, tgtCharset string) judgement {
	fam := typeFamily(s.Base)
	if fam != typeFamily(t.Base) || fam == "" {
		if s.Base == t.Base && slices.Equal(s.Args, t.Args) && slices.Equal(s.Members, t.Members) &&
			s.Unsigned == t.Unsigned && slices.Equal(s.Attrs, t.Attrs) {
			return judgement{}
		}
		return incompatible
	}
	if !s.Unsigned && t.Unsigned && (fam == "integer" || fam == "decimal" || fam == "float") {
		return judgement{Difference, "signed to unsigned: negative values do not fit"}
	}
	switch fam {
	case "integer":
		return compareIntegers(s, t)
	case "decimal", "float":
		return compareNumbers(s, t)
	case "bit":
		return compareSizes(s.Arg(0, 1), t.Arg(0, 1), s.Base == t.Base)
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
			return judgement{}
		case t.Base == "geometry":
			return widened
		}
		return incompatible
	}
	return judgement{} // year: the width is display only
}

// compareIntegers compares ranges: int unsigned fits in a signed bigint.
func compareIntegers(s, t schema.ColumnType) judgement {
	bits := func(c schema.ColumnType) int { // bits of the largest value
		if c.Unsigned {
			return 8 * schema.IntegerBytes(c.Base)
		}
		return 8*schema.IntegerBytes(c.Base) - 1
	}
	switch {
	case bits(t) < bits(s) && s.Unsigned && !t.Unsigned:
		return judgement{Difference, "unsigned to signed: the largest values do not fit"}
	case bits(t) < bits(s):
		return narrowed
	case s.Base != t.Base || s.Unsigned != t.Unsigned:
		return widened
	}
	return judgement{}
}

// compareNumbers compares DECIMAL(M,D), FLOAT and DOUBLE (with or without
// the deprecated (M,D)): integer digits and scale must not shrink.
func compareNumbers(s, t schema.ColumnType) judgement {
	if s.Base == "double" && t.Base == "float" {
		return judgement{Difference, "narrowed: float keeps fewer digits than double"}
	}
	sm, sd, sLimited := s.Digits()
	tm, td, tLimited := t.Digits()
	switch {
	case !tLimited:
	case !sLimited:
		return narrowed
	case td < sd:
		return judgement{Difference, "scale reduced: fractional digits are rounded"}
	case tm-td < sm-sd:
		return judgement{Difference, "narrowed: fewer integer digits"}
	}
	if s.Base == t.Base && sLimited == tLimited && sm == tm && sd == td && s.Unsigned == t.Unsigned {
		return judgement{}
	}
	return widened
}

func compareSizes(s, t int, sameBase bool) judgement {
	switch {
	case t < s:
		return narrowed
	case t > s || !sameBase:
		return widened
	}
	return judgement{}
}

var (
	textBytes = map[string]int{"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295}
	blobBytes = map[string]int{"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295}
)

// compareStrings compares CHAR/VARCHAR/TEXT or BINARY/VARBINARY/BLOB.
// Fixed-width targets lose trailing spaces (or gain zero-byte padding), and
// a LOB never shrinks back into a VARCHAR.
func compareStrings(s, t schema.ColumnType, fixed, variable string, lobs map[string]int, tgtMaxLen int) judgement {
	sLob, tLob := lobs[s.Base], lobs[t.Base]
	switch {
	case sLob > 0 && tLob > 0:
		return compareSizes(sLob, tLob, true)
	case sLob > 0:
		return judgement{Difference, fmt.Sprintf("narrowed: %s to %s", s.Base, t.Base)}
	case tLob > 0:
		return compareSizes(s.Arg(0, 1), tLob/tgtMaxLen, false)
	case s.Base == variable && t.Base == fixed && fixed == "char":
		return judgement{Difference, "varchar to char: trailing spaces are lost"}
	case s.Base == variable && t.Base == fixed:
		return judgement{Difference, "varbinary to binary: values are padded with zero bytes"}
	}
	return compareSizes(s.Arg(0, 1), t.Arg(0, 1), s.Base == t.Base)
}

// compareMembers allows members added at the end: every stored value, and
// the order ENUM sorts by, stays the same.
func compareMembers(s, t []string) judgement {
	switch {
	case slices.Equal(s, t):
		return judgement{}
	case len(t) > len(s) && slices.Equal(s, t[:len(s)]):
		return judgement{Notice, "members added at the end"}
	}
	return judgement{Difference, "members removed or reordered"}
}

// compareTemporal compares DATETIME, TIMESTAMP and TIME by fractional
// seconds; DATETIME and TIMESTAMP swap freely (a common migration choice).
func compareTemporal(s, t schema.ColumnType) judgement {
	sf, tf := s.Arg(0, 0), t.Arg(0, 0)
	switch {
	case tf < sf:
		return judgement{Difference, "fractional seconds reduced: values are rounded"}
	case s.Base == "datetime" && t.Base == "timestamp":
		return judgement{Notice, "timestamp holds 1970-2038 only and converts between time zones"}
	case s.Base == "timestamp" && t.Base == "datetime":
		return judgement{Notice, "datetime does not convert between time zones"}
	case tf > sf:
		return judgement{Notice, "more fractional seconds"}
	}
	return judgement{}
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
	if c.Kind() == schema.JSON && !strings.EqualFold(c.ColumnType, "json") {
		return "json (MariaDB " + c.ColumnType + ")"
	}
	return c.ColumnType
}
