package verify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"
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
	var me *mysql.MySQLError
	switch {
	case err == nil:
		return s.Valid, nil
	case errors.As(err, &me) && (me.Number == 1305 || me.Number == 1064 || me.Number == 1582):
		return false, nil // function does not exist / not parsed
	}
	return false, err
}

// query checksums one chunk of t: the row count and two sums of 64-bit row
// hashes (SUM of BIGINT UNSIGNED is an exact DECIMAL). Each column is
// length-prefixed and NULL is a letter no length starts with, so the row
// text separates columns and NULLs unambiguously:
//
//	SELECT COUNT(*), COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0),
//	       COALESCE(SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0)
//	FROM (SELECT SHA2(CONCAT(IFNULL(CONCAT(LENGTH(`id`), ':', `id`), 'N'), ...), 256) AS h
//	      FROM `db`.`t` FORCE INDEX (`PRIMARY`) WHERE `id` >= ? AND `id` < ?) AS parity_rows
func (p *pushdown) query(t *schema.Table, ch extract.Chunk) (string, []any) {
	parts := make([]string, len(p.cols))
	for i, name := range p.cols {
		c := t.Column(name)
		e := schema.QuoteIdent(c.Name)
		if c.DataType == "float" {
			e = "CAST(" + e + " AS DOUBLE)" // the text protocol rounds FLOAT to 6 digits
		}
		parts[i] = fmt.Sprintf("IFNULL(CONCAT(LENGTH(%s), ':', %s), 'N')", e, e)
	}
	row := "CONCAT(" + strings.Join(parts, ", ") + ")"
	var inner, sums string
	switch p.hash {
	case sha2Hash:
		inner = "SHA2(" + row + ", 256) AS h"
		sums = "COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0), " +
			"COALESCE(SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0)"
	default:
		inner = "CRC32(" + row + ") AS h1, CRC32(CONCAT('parity', " + row + ")) AS h2"
		sums = "COALESCE(SUM(h1), 0), COALESCE(SUM(h2), 0)"
	}
	var b strings.Builder
	b.WriteString("SELECT COUNT(*), " + sums + " FROM (SELECT " + inner + " FROM " + t.QuotedName())
	if ch.Index != "" {
		b.WriteString(" FORCE INDEX (" + schema.QuoteIdent(ch.Index) + ")")
	}
	where, args := ch.Where()
	if where != "" {
		b.WriteString(" WHERE " + where)
	}
	b.WriteString(") AS parity_rows")
	return b.String(), args
}

// serverSum is a chunk's checksum as a server computed it.
type serverSum struct {
	rows   int64
	s1, s2 string
}

// pushdownChunk checksums a chunk on both servers at once.
func (v *verifier) pushdownChunk(ctx context.Context, tr *tableRun, ch extract.Chunk) (chunkOutcome, error) {
	var a, b serverSum
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		a, err = runServerSum(gctx, v.src, tr.push, tr.push.src, ch)
		return err
	})
	g.Go(func() (err error) {
		b, err = runServerSum(gctx, v.tgt, tr.push, tr.push.tgt, ch.On(tr.pair.Target, tr.tgtIndex))
		return err
	})
	if err := g.Wait(); err != nil {
		return chunkOutcome{}, err
	}
	v.o.Progress.Rows.Add(a.rows)
	return chunkOutcome{equal: a == b, sourceRows: a.rows, targetRows: b.rows}, nil
}

func runServerSum(ctx context.Context, pool *conn.Pool, p *pushdown, t *schema.Table, ch extract.Chunk) (serverSum, error) {
	q, args := p.query(t, ch)
	var s serverSum
	if err := pool.DB.QueryRowContext(ctx, q, args...).Scan(&s.rows, &s.s1, &s.s2); err != nil {
		return s, conn.Classify(err, fmt.Sprintf("checksum chunk %s of %s", ch, t), pool.Endpoint)
	}
	return s, nil
}
