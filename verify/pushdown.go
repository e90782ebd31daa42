package verify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// rowHash is the server-side function a pushdown checksum hashes rows with.
type rowHash string

const (
	sha2Hash  rowHash = "SHA2"  // two 64-bit halves of SHA-256
	crc32Hash rowHash = "CRC32" // two CRC32s of differently salted input
)

// pushdown is how one table pair is checksummed inside the servers.
type pushdown struct {
	hash     rowHash
	src, tgt *schema.Table
	cols     []string
	inline   int // bytes of a row's text taken as they are; 0: inlineRowBytes
}

// pushdownFor decides whether tr can be checksummed inside the servers, and
// says why not when it cannot. The servers must encode every compared value
// identically, so the rows' text is the same on both: same flavor and
// version, the same type, character set and collation for every column,
// and no float tolerance (a server-side hash is exact).
func (v *verifier) pushdownFor(ctx context.Context, tr *tableRun) (*pushdown, string, error) {
	s, t := v.src.Server, v.tgt.Server
	switch {
	case s.Flavor != t.Flavor:
		return nil, fmt.Sprintf("source is %s, target %s", s.Flavor, t.Flavor), nil
	case s.Major != t.Major || s.Minor != t.Minor:
		return nil, fmt.Sprintf("server versions %s and %s differ", s.Version, t.Version), nil
	case v.o.Checksum.FloatTolerance > 0:
		return nil, "--float-tolerance needs client-side comparison", nil
	case tr.chunkTable != tr.pair.Source:
		return nil, "target lacks the key index", nil
	}
	for _, name := range tr.pair.Columns {
		a, b := tr.pair.Source.Column(name), tr.pair.Target.Column(name)
		if a.ColumnType != b.ColumnType || a.Charset != b.Charset || a.Collation != b.Collation {
			return nil, fmt.Sprintf("column %s is %s %s on source, %s %s on target", name,
				a.ColumnType, a.Collation, b.ColumnType, b.Collation), nil
		}
	}
	h, err := v.rowHashFunc(ctx)
	if err != nil {
		return nil, "", err
	}
	if h == "" {
		return nil, "neither SHA2 nor CRC32 is available on both servers", nil
	}
	return &pushdown{hash: h, src: tr.pair.Source, tgt: tr.pair.Target, cols: tr.pair.Columns}, "", nil
}

// rowHashFunc detects, once, the best hash function both servers have.
// Builds without SHA2 exist (and MySQL 9 dropped MD5 and SHA1), so it is
// probed, not assumed.
func (v *verifier) rowHashFunc(ctx context.Context) (rowHash, error) {
	v.hashOnce.Do(func() {
		for _, h := range []rowHash{sha2Hash, crc32Hash} {
			ok := true
			for _, p := range []*conn.Pool{v.src, v.tgt} {
				has, err := hasFunction(ctx, p.DB, h)
				if err != nil {
					v.hashErr = conn.Classify(err, "probe "+string(h), p.Endpoint)
					return
				}
				ok = ok && has
			}
			if ok {
				v.hash = h
				return
			}
		}
	})
	return v.hash, v.hashErr
}

func hasFunction(ctx context.Context, db *sql.DB, h rowHash) (bool, error) {
	q := "SELECT CRC32('parity')"
	if h == sha2Hash {
		q = "SELECT SHA2('parity', 256)"
	}
	var s sql.NullString
	err := db.QueryRowContext(ctx, q).Scan(&s)
	switch n, _ := conn.ServerErrorNumber(err); {
	case err == nil:
		return s.Valid, nil
	case n == 1305 || n == 1064 || n == 1582:
		return false, nil // function does not exist / not parsed
	}
	return false, err
}

// inlineValueBytes is the longest value a pushdown row hash takes as it
// is; longer columns (TEXT, BLOB, JSON, long VARCHARs) are hashed on their
// own first, so the row text the server builds stays short whatever the
// values hold. CONCAT returns NULL past max_allowed_packet, and a NULL row
// hash on both sides would hide any difference.
const inlineValueBytes = 1024

// inlineRowBytes bounds the inline part of a row's text; columns beyond it
// are hashed on their own too.
const inlineRowBytes = 64 << 10

// nullMark is what a row whose hash came out NULL adds to a chunk's sum
// instead of its hash: 2^104, more than the hashes of 2^40 rows can sum to,
// so the sum's quotient by it counts those rows (which the caller then
// compares by streaming) and its remainder is the sum of the others. SUM of
// BIGINT UNSIGNED and this DECIMAL is exact.
const nullMark = "20282409603651670423947251286016"

var nullMarkValue, _ = new(big.Int).SetString(nullMark, 10)

// query checksums one chunk of t: the row count and sums of 64-bit row
// hashes, each hash computed once per row. The select list refers to the
// row text directly, not through a derived table: MySQL and MariaDB merge
// a derived table into the outer query and evaluate its expression again
// at every reference, which made SHA2 of every row run three times.
// SHA2 gives one 64-bit slice (a changed chunk keeps its sum with odds of
// 2^-64, where pt-table-checksum and sync-diff-inspector XOR 32-bit CRCs);
// CRC32 is taken of two differently salted texts.
//
// Each short column is length-prefixed; text is taken as bytes (CAST AS
// BINARY) when columns of several character sets must concatenate without
// ERROR 1267 (see textNeedsBytes);
// each long one contributes its own SHA2 (a fixed 64 hex digits); NULL is
// a letter neither starts with. The row text separates columns and NULLs
// unambiguously:
//
//	SELECT COUNT(*), COALESCE(SUM(IFNULL(CAST(CONV(LEFT(SHA2(CONCAT(
//	         IFNULL(CONCAT(LENGTH(`id`), ':', `id`), 'N'),
//	         IFNULL(SHA2(`doc`, 256), 'N')), 256), 16), 16, 10) AS UNSIGNED), 2^104)), 0), 0
//	FROM `db`.`t` FORCE INDEX (`PRIMARY`) WHERE `id` >= ? AND `id` < ?
func (p *pushdown) query(t *schema.Table, ch extract.Chunk) (string, []any) {
	parts := make([]string, len(p.cols))
	inline, limit := 0, p.inline
	if limit <= 0 {
		limit = inlineRowBytes
	}
	isInline := make([]bool, len(p.cols))
	for i, name := range p.cols {
		if n := valueBytes(*t.Column(name)); (n <= inlineValueBytes || p.inline > 0) && inline+n <= limit {
			inline += n
			isInline[i] = true
		}
	}
	asBytes := textNeedsBytes(t, p.cols, isInline)
	for i, name := range p.cols {
		c := t.Column(name)
		e := schema.QuoteIdent(c.Name)
		if isInline[i] {
			if c.Kind() == schema.Float {
				e = "CAST(" + e + " AS DOUBLE)" // the text protocol rounds FLOAT to 6 digits
			}
			v := e
			if asBytes && c.IsText() {
				v = "CAST(" + e + " AS BINARY)"
			}
			parts[i] = fmt.Sprintf("IFNULL(CONCAT(LENGTH(%s), ':', %s), 'N')", e, v)
			continue
		}
		if p.hash == sha2Hash {
			parts[i] = fmt.Sprintf("IFNULL(SHA2(%s, 256), 'N')", e)
		} else {
			parts[i] = fmt.Sprintf("IFNULL(CONCAT(LENGTH(%s), ':', CRC32(%s)), 'N')", e, e)
		}
	}
	row := "CONCAT(" + strings.Join(parts, ", ") + ")"
	var sums string
	switch p.hash {
	case sha2Hash:
		sums = "COALESCE(SUM(IFNULL(CAST(CONV(LEFT(SHA2(" + row + ", 256), 16), 16, 10) AS UNSIGNED), " + nullMark + ")), 0), 0"
	default:
		sums = "COALESCE(SUM(IFNULL(CRC32(" + row + "), " + nullMark + ")), 0), " +
			"COALESCE(SUM(IFNULL(CRC32(CONCAT('parity', " + row + ")), " + nullMark + ")), 0)"
	}
	var b strings.Builder
	b.WriteString("SELECT COUNT(*), " + sums + " FROM " + t.QuotedName())
	if ch.Index != "" {
		b.WriteString(" FORCE INDEX (" + schema.QuoteIdent(ch.Index) + ")")
	}
	where, args := ch.Where()
	if where != "" {
		b.WriteString(" WHERE " + where)
	}
	return b.String(), args
}

// textNeedsBytes reports whether the inline text columns must be taken as
// bytes (CAST AS BINARY) for CONCAT to accept them and keep their bytes:
// when they use more than one collation (ERROR 1267/1271 otherwise), or a
// character set that is not ASCII-compatible (CONCAT would convert the ':'
// and the digits into UTF-16 or UTF-32). Text in one ASCII-compatible
// collation needs no cast: numbers, dates and the separators convert into
// it byte for byte, and the cast costs the server a third more per row.
func textNeedsBytes(t *schema.Table, cols []string, inline []bool) bool {
	collation := ""
	for i, name := range cols {
		c := t.Column(name)
		if !inline[i] || !c.IsText() {
			continue
		}
		switch c.Charset {
		case "ucs2", "utf16", "utf16le", "utf32":
			return true
		}
		if collation != "" && c.Collation != collation {
			return true // two collations of one set clash too (utf8mb4_general_ci, utf8mb4_unicode_ci)
		}
		collation = c.Collation
	}
	return false
}

// valueBytes is the most bytes a value of c takes as text; a large number
// for types without a small bound.
func valueBytes(c schema.Column) int {
	switch c.DataType {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year", "bit",
		"float", "double", "real", "decimal", "numeric", "date", "datetime", "timestamp", "time":
		return 72 // the longest: DECIMAL(65,30) with sign and point, a double's text
	case "char", "varchar", "binary", "varbinary", "enum", "set":
		if c.MaxLength <= 0 {
			return 1 << 30
		}
		if c.IsText() {
			return int(min(c.MaxLength, 1<<28)) * charsetMaxLen(c.Charset)
		}
		return int(min(c.MaxLength, 1<<30))
	}
	return 1 << 30
}

// serverSum is a chunk's checksum as a server computed it.
type serverSum struct {
	rows   int64
	s1, s2 string
	nulls  int64 // rows whose hash is NULL: the server could not build their text
}

// pushdownChunk checksums a chunk on both servers at once.
func (v *verifier) pushdownChunk(ctx context.Context, tr *tableRun, ch extract.Chunk) (chunkOutcome, error) {
	var a, b serverSum
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return v.retrying(gctx, fmt.Sprintf("checksum chunk %s of %s", ch, tr.push.src), func(ctx context.Context) (err error) {
			a, err = runServerSum(ctx, v.src, tr.push, tr.push.src, ch)
			return err
		})
	})
	g.Go(func() error {
		tch := tr.onTarget(ch)
		return v.retrying(gctx, fmt.Sprintf("checksum chunk %s of %s", tch, tr.push.tgt), func(ctx context.Context) (err error) {
			b, err = runServerSum(ctx, v.tgt, tr.push, tr.push.tgt, tch)
			return err
		})
	})
	if err := g.Wait(); err != nil {
		return chunkOutcome{}, err
	}
	if a.nulls > 0 || b.nulls > 0 {
		// A NULL row hash hides what the row holds: stream the chunk.
		tr.overflowed.Add(1)
		return chunkOutcome{sourceRows: a.rows, targetRows: b.rows}, nil
	}
	v.o.Progress.Rows.Add(a.rows)
	return chunkOutcome{equal: a == b, sourceRows: a.rows, targetRows: b.rows}, nil
}

func runServerSum(ctx context.Context, pool *conn.Pool, p *pushdown, t *schema.Table, ch extract.Chunk) (serverSum, error) {
	q, args := p.query(t, ch)
	var s serverSum
	var sum1, sum2 string
	if err := pool.DB.QueryRowContext(ctx, q, args...).Scan(&s.rows, &sum1, &sum2); err != nil {
		return s, conn.Classify(err, fmt.Sprintf("checksum chunk %s of %s", ch, t), pool.Endpoint)
	}
	var n1, n2 int64
	var err1, err2 error
	s.s1, n1, err1 = splitNullMarks(sum1)
	s.s2, n2, err2 = splitNullMarks(sum2)
	if err := errors.Join(err1, err2); err != nil {
		return s, fmt.Errorf("checksum chunk %s of %s on %s: %w", ch, t, pool.Endpoint, err)
	}
	s.nulls = max(n1, n2)
	return s, nil
}

// splitNullMarks takes a chunk sum apart into the sum of the row hashes
// and the count of rows that added nullMark instead.
func splitNullMarks(sum string) (string, int64, error) {
	v, ok := new(big.Int).SetString(sum, 10)
	if !ok || v.Sign() < 0 {
		return "", 0, fmt.Errorf("the server returned %q as a sum of row hashes", sum)
	}
	nulls, rest := new(big.Int).QuoRem(v, nullMarkValue, new(big.Int))
	return rest.String(), nulls.Int64(), nil
}
