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
//	WHERE `id` >= ? AND `id` < ? ORDER BY `id`          -- args: 1000, 2000
//
// Rows come in key order, so a chunk cut short by a lost connection can
// resume after the last key it delivered (Chunk.Rest). The order costs
// nothing: the range is read along the forced index anyway, and both
// servers skip the sort (EXPLAIN shows no filesort); without ORDER BY the
// order would still be the index's in practice, but not promised (MySQL's
// multi-range read returns a secondary index range in primary key order).
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
	if len(c.Key) > 0 {
		b.WriteString(" ORDER BY ")
		for i, k := range c.Key {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(schema.QuoteIdent(k.Column))
		}
	}
	return b.String(), args
}
