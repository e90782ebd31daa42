package verify

import (
	"math/big"
	"regexp"
	"strings"

	"github.com/parity-db/parity/schema"
)

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
	switch c.Kind() {
	case schema.Datetime, schema.Timestamp, schema.Date, schema.Time:
		l := strings.ToLower(strings.TrimSpace(v))
		if nowRE.MatchString(l) {
			return "current_timestamp"
		}
		return fractionRE.ReplaceAllString(v, "$1")
	case schema.Integer, schema.Decimal, schema.Float, schema.Double:
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
	case c.IsText() || c.Kind() == schema.Enum || c.Kind() == schema.Set:
		return "'" + strings.ReplaceAll(*c.Default, "'", "''") + "'"
	}
	return *c.Default
}
