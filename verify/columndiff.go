package verify

import (
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

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
