package bench

import (
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// Kind of built-in scenario.
type Kind string

// The built-in scenarios each exercise one part of the server a setting can
// change: a plain scan, a result buffered in a temporary table, a sort, a
// grouping, a de-duplication, and parity's own chunked extraction.
const (
	FullScan     Kind = "full-scan"
	BufferedScan Kind = "buffered-scan"
	OrderBy      Kind = "order-by"
	GroupBy      Kind = "group-by"
	Distinct     Kind = "distinct"
	Extract      Kind = "extract"
	Custom       Kind = "query"
)

// scenarioForms lists what ParseScenario accepts, for its errors.
const scenarioForms = "full-scan, buffered-scan, order-by:COL, order-by:COL:desc, group-by:COL, distinct:COL or extract"

// Scenario is a named workload: a built-in one applied to a table, or a
// custom query.
type Scenario struct {
	Name   string // as the user wrote it: "order-by:created_at:desc", or the custom query's name
	Kind   Kind
	Column string // order-by, group-by and distinct
	Desc   bool   // order-by
}

// ParseScenario reads a built-in scenario: full-scan, buffered-scan,
// order-by:COL[:asc|:desc], group-by:COL, distinct:COL or extract. The column
// is everything after the first ':' (less a final :asc or :desc for
// order-by), so a column name may itself hold a ':'. Custom queries come from
// ParseQueryFlag and ParseQueries instead.
func ParseScenario(s string) (Scenario, error) {
	name := strings.TrimSpace(s)
	kind, col, hasCol := strings.Cut(name, ":")
	sc := Scenario{Name: name, Kind: Kind(strings.ToLower(kind))}
	switch sc.Kind {
	case FullScan, BufferedScan, Extract:
		if hasCol {
			return Scenario{}, fmt.Errorf("scenario %q: %s takes no column (want %s)", s, sc.Kind, scenarioForms)
		}
		return sc, nil
	case OrderBy, GroupBy, Distinct:
	default:
		return Scenario{}, fmt.Errorf("unknown scenario %q (want %s)", s, scenarioForms)
	}
	if i := strings.LastIndexByte(col, ':'); i >= 0 {
		switch dir := strings.ToLower(strings.TrimSpace(col[i+1:])); {
		case dir != "asc" && dir != "desc":
		case sc.Kind != OrderBy:
			return Scenario{}, fmt.Errorf("scenario %q: only order-by takes :%s (want %s)", s, dir, scenarioForms)
		default:
			sc.Desc = dir == "desc"
			col = col[:i]
		}
	}
	sc.Column = strings.TrimSpace(col)
	if sc.Column == "" {
		return Scenario{}, fmt.Errorf("scenario %q: %s needs a column, as in %s:created_at (want %s)", s, sc.Kind, sc.Kind, scenarioForms)
	}
	return sc, nil
}

// Query returns the statement the scenario runs against table t. Extract
// and custom scenarios return "": the extractor reads the table in chunks
// rather than as one statement, and a custom query carries its own SQL. The
// sort and grouping scenarios alias the table so the column reference stays
// short:
//
//	order-by:created_at:desc on shop.orders →
//	SELECT t.* FROM `shop`.`orders` AS t ORDER BY t.`created_at` DESC
func (s Scenario) Query(t schema.Ref) string {
	from := tableName(t)
	col := "t." + schema.QuoteIdent(s.Column)
	switch s.Kind {
	case FullScan:
		return "SELECT * FROM " + from
	case BufferedScan:
		return "SELECT SQL_BUFFER_RESULT * FROM " + from
	case OrderBy:
		q := "SELECT t.* FROM " + from + " AS t ORDER BY " + col
		if s.Desc {
			q += " DESC"
		}
		return q
	case GroupBy:
		return "SELECT " + col + ", COUNT(*) FROM " + from + " AS t GROUP BY " + col
	case Distinct:
		return "SELECT DISTINCT " + col + " FROM " + from + " AS t"
	}
	return ""
}

// tableName quotes t for a FROM clause; without a schema it names the table
// alone, in the connection's default database.
func tableName(t schema.Ref) string {
	if t.Schema == "" {
		return schema.QuoteIdent(t.Name)
	}
	return schema.QuoteIdent(t.Schema) + "." + schema.QuoteIdent(t.Name)
}
