package extract

import (
	"strings"

	"github.com/parity-db/parity/schema"
)

// chunkQuery builds the statement that reads one chunk, naming every column
// (so invisible columns come too and the order is the schema's; FLOAT goes
// through columnSelectExpr to arrive exact) and forcing the chunking index so
// a wide range never turns into a table scan per chunk:
//
//	SELECT `id`, `k`, `c`, `pad` FROM `db`.`sbtest1` FORCE INDEX (`PRIMARY`)
//	WHERE `id` >= ? AND `id` < ?          -- args: 1000, 2000
func chunkQuery(c Chunk) (string, []any) {
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, col := range c.Table.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(columnSelectExpr(col))
	}
	b.WriteString(" FROM ")
	b.WriteString(c.Table.QuotedName())
	if c.Index != "" {
		b.WriteString(" FORCE INDEX (")
		b.WriteString(schema.QuoteIdent(c.Index))
		b.WriteString(")")
	}
	where, args := c.Where()
	if where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(where)
	}
	return b.String(), args
}
