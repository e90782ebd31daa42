package schema

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// erNoSuchTable is MySQL's ER_NO_SUCH_TABLE.
const erNoSuchTable = 1146

// Inspect reads the tables the selection takes, with their columns and
// indexes, largest first (so the longest tables start early when work is
// spread over workers).
func Inspect(ctx context.Context, db *sql.DB, srv Server, sel Selection) ([]*Table, error) {
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if srv.Flavor != MariaDB && srv.AtLeast(8, 0) {
		// Otherwise MySQL 8+ serves TABLE_ROWS cached for up to a day.
		_, _ = conn.ExecContext(ctx, "SET SESSION information_schema_stats_expiry = 0")
	}

	scopes, err := sel.scopes(func() ([]string, error) { return listSchemas(ctx, conn) })
	if err != nil {
		return nil, err
	}
	tables := map[Ref]*Table{}
	var found []scope // the scopes holding a selected table
	for _, sc := range scopes {
		n, err := listTables(ctx, conn, sc, sel, tables)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			found = append(found, sc)
		}
	}
	for _, ref := range sel.Literals() {
		if _, ok := tables[ref]; !ok {
			// information_schema hides tables the user may not read: ask the
			// table itself, so a missing privilege is reported as such.
			_, err := conn.ExecContext(ctx, "SELECT 1 FROM "+QuoteIdent(ref.Schema)+"."+QuoteIdent(ref.Name)+" LIMIT 0")
			if err != nil && !lastErrorIs(ctx, conn, erNoSuchTable) {
				return nil, fmt.Errorf("%s: %w", ref, err)
			}
			return nil, fmt.Errorf("%s: %w", ref, ErrTableNotFound)
		}
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("%w (include %v, exclude %v)", ErrNoTables, sel.Include, sel.Exclude)
	}
	for _, sc := range found {
		binary, err := readColumns(ctx, conn, srv.Flavor, sc, tables)
		if err != nil {
			return nil, err
		}
		if err := readBinaryDefaults(ctx, conn, tables, binary); err != nil {
			return nil, err
		}
		if srv.Flavor == MariaDB {
			if err := markMariaDBJSON(ctx, conn, sc, tables); err != nil {
				return nil, err
			}
		}
		if err := readIndexes(ctx, conn, srv, sc, tables); err != nil {
			return nil, err
		}
	}

	out := make([]*Table, 0, len(tables))
	for _, t := range tables {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].DataLength != out[j].DataLength {
			return out[i].DataLength > out[j].DataLength
		}
		return out[i].String() < out[j].String()
	})
	return out, nil
}

// listSchemas lists the server's schemas, for a selection whose schema
// part is a pattern.
func listSchemas(ctx context.Context, conn *sql.Conn) ([]string, error) {
	rows, err := conn.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
	if err != nil {
		return nil, fmt.Errorf("list schemas: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list schemas: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list schemas: %w", err)
	}
	return out, nil
}

// listTables adds the tables of sc that the selection takes to tables and
// returns how many it added.
func listTables(ctx context.Context, conn *sql.Conn, sc scope, sel Selection, tables map[Ref]*Table) (int, error) {
	where, args := sc.where("TABLE_SCHEMA", "TABLE_NAME")
	rows, err := conn.QueryContext(ctx, `SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(ENGINE,''), COALESCE(ROW_FORMAT,''),
		COALESCE(TABLE_COLLATION,''), COALESCE(TABLE_ROWS,0), COALESCE(DATA_LENGTH,0)
		FROM information_schema.TABLES WHERE `+where+` AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`, args...)
	if err != nil {
		return 0, fmt.Errorf("list tables of %s: %w", sc, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		t := &Table{}
		if err := rows.Scan(&t.Schema, &t.Name, &t.Engine, &t.RowFormat, &t.Collation, &t.RowsEstimate, &t.DataLength); err != nil {
			return 0, fmt.Errorf("list tables of %s: %w", sc, err)
		}
		if ref := (Ref{t.Schema, t.Name}); sel.Matches(ref) && tables[ref] == nil {
			tables[ref] = t
			n++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("list tables of %s: %w", sc, err)
	}
	return n, nil
}

// readColumns adds the columns of sc's tables, and returns the binary
// columns whose default is a literal, which information_schema cannot
// show exactly (see readBinaryDefaults).
func readColumns(ctx context.Context, conn *sql.Conn, flavor Flavor, sc scope, tables map[Ref]*Table) (map[Ref][]string, error) {
	where, args := sc.where("TABLE_SCHEMA", "TABLE_NAME")
	rows, err := conn.QueryContext(ctx, `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION,
		LOWER(DATA_TYPE), COLUMN_TYPE, IS_NULLABLE, COALESCE(CHARACTER_SET_NAME,''), COALESCE(COLLATION_NAME,''),
		COALESCE(NUMERIC_PRECISION,0), COALESCE(NUMERIC_SCALE,0), COALESCE(DATETIME_PRECISION,0),
		COALESCE(CHARACTER_MAXIMUM_LENGTH,0), COLUMN_DEFAULT, COALESCE(EXTRA,'')
		FROM information_schema.COLUMNS WHERE `+where+` ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`, args...)
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", err)
	}
	defer rows.Close()
	binary := map[Ref][]string{}
	for rows.Next() {
		var (
			ref      Ref
			c        Column
			nullable string
			def      sql.NullString
		)
		if err := rows.Scan(&ref.Schema, &ref.Name, &c.Name, &c.Ordinal, &c.DataType, &c.ColumnType, &nullable,
			&c.Charset, &c.Collation, &c.Precision, &c.Scale, &c.FSP, &c.MaxLength, &def, &c.Extra); err != nil {
			return nil, fmt.Errorf("read columns: %w", err)
		}
		t := tables[ref]
		if t == nil {
			continue
		}
		c.Nullable = nullable == "YES"
		c.Unsigned = strings.Contains(strings.ToLower(c.ColumnType), "unsigned")
		c.Generated = isGenerated(c.Extra)
		c.Default = columnDefault(flavor, def)
		if c.Default != nil && c.Kind() == Binary && literalDefault(flavor, def.String, c.Extra) {
			binary[ref] = append(binary[ref], c.Name)
		}
		t.Columns = append(t.Columns, c)
	}
	return binary, rows.Err()
}

// literalDefault tells a literal default from an expression (MySQL 8's
// DEFAULT (expr), MariaDB's DEFAULT expr), given COLUMN_DEFAULT and EXTRA as
// the server reported them: MySQL marks an expression DEFAULT_GENERATED,
// MariaDB quotes a literal.
func literalDefault(flavor Flavor, def, extra string) bool {
	if flavor == MariaDB {
		return len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\''
	}
	return !strings.Contains(strings.ToUpper(extra), "DEFAULT_GENERATED")
}

// readBinaryDefaults reads the exact literal defaults of binary columns and
// writes them as 0x and their hex digits (an empty one as the empty
// string), the same from every server.
// information_schema cannot be trusted with them: MariaDB converts the
// bytes to UTF-8 and shows '??' for x'A2D6', and MySQL 9 shows x'FF00' as
// 0xFF, so equal defaults looked different. DEFAULT(col) returns the bytes
// themselves; the outer join gives it a row even from an empty table.
//
//	SELECT HEX(DEFAULT(`b`)), HEX(DEFAULT(`v`)) FROM (SELECT 1) AS one LEFT JOIN `db`.`t` ON FALSE
//	-- A2D6, FF00
func readBinaryDefaults(ctx context.Context, conn *sql.Conn, tables map[Ref]*Table, columns map[Ref][]string) error {
	for ref, names := range columns {
		exprs := make([]string, len(names))
		for i, n := range names {
			exprs[i] = "HEX(DEFAULT(" + QuoteIdent(n) + "))"
		}
		q := "SELECT " + strings.Join(exprs, ", ") + " FROM (SELECT 1) AS one LEFT JOIN " +
			QuoteIdent(ref.Schema) + "." + QuoteIdent(ref.Name) + " ON FALSE"
		hex := make([]sql.NullString, len(names))
		dest := make([]any, len(names))
		for i := range hex {
			dest[i] = &hex[i]
		}
		if err := conn.QueryRowContext(ctx, q).Scan(dest...); err != nil {
			return fmt.Errorf("read the binary column defaults of %s: %w", ref, err)
		}
		t := tables[ref]
		for i, n := range names {
			if c := t.Column(n); c != nil && hex[i].Valid {
				v := ""
				if hex[i].String != "" {
					v = "0x" + hex[i].String
				}
				c.Default = &v
			}
		}
	}
	return nil
}

// isGenerated tells a generated column from EXTRA: "VIRTUAL GENERATED" or
// "STORED GENERATED" (MariaDB may say PERSISTENT), but not MySQL's
// "DEFAULT_GENERATED", which marks an ordinary column whose default is an
// expression such as CURRENT_TIMESTAMP.
func isGenerated(extra string) bool {
	for _, w := range strings.Fields(strings.ToUpper(extra)) {
		switch w {
		case "VIRTUAL", "STORED", "PERSISTENT":
			return true
		}
	}
	return false
}

// columnDefault reads COLUMN_DEFAULT the way MySQL reports it. MariaDB
// (10.2.7+) reports a default of NULL as the text NULL and quotes string
// literals, doubling quotes and escaping backslashes and control characters;
// MySQL reports SQL NULL and the bare text.
// Expressions (CURRENT_TIMESTAMP, (a + 1)) are left as the server spells them.
func columnDefault(flavor Flavor, def sql.NullString) *string {
	if !def.Valid {
		return nil
	}
	v := def.String
	if flavor == MariaDB {
		switch {
		case v == "NULL":
			return nil
		case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
			v = unquoteMariaDB(v[1 : len(v)-1])
		}
	}
	return &v
}

// unquoteMariaDB undoes the escaping of a string literal in MariaDB's
// COLUMN_DEFAULT: a doubled quote and backslash sequences.
func unquoteMariaDB(s string) string {
	if !strings.ContainsAny(s, "'\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case '0':
				c = 0
			case 'Z':
				c = 26
			default:
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

var jsonValidRE = regexp.MustCompile("^json_valid\\(`((?:[^`]|``)+)`\\)$")

// markMariaDBJSON finds MariaDB's JSON columns: LONGTEXT with a
// json_valid(`col`) CHECK constraint that MariaDB adds for the JSON alias.
func markMariaDBJSON(ctx context.Context, conn *sql.Conn, sc scope, tables map[Ref]*Table) error {
	where, args := sc.where("CONSTRAINT_SCHEMA", "TABLE_NAME")
	rows, err := conn.QueryContext(ctx, `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE
		FROM information_schema.CHECK_CONSTRAINTS WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("read check constraints: %w", err)
	}
	defer rows.Close()
	seen := map[Ref]bool{}
	for rows.Next() {
		var ref Ref
		var clause string
		if err := rows.Scan(&ref.Schema, &ref.Name, &clause); err != nil {
			return fmt.Errorf("read check constraints: %w", err)
		}
		seen[ref] = true
		if m := jsonValidRE.FindStringSubmatch(strings.TrimSpace(clause)); m != nil {
			markJSON(tables[ref], strings.ReplaceAll(m[1], "``", "`"))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read check constraints: %w", err)
	}
	rows.Close()
	// information_schema shows a table's constraints only to an account
	// with more than a table-level SELECT on it; SHOW CREATE TABLE shows
	// them to anyone who may read the table. Without this, one account
	// sees JSON where another sees LONGTEXT, and the schema verdict would
	// depend on privileges.
	for ref, t := range tables {
		if seen[ref] || !sc.holds(ref) || !hasLongtext(t) {
			continue
		}
		var name, ddl string
		if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+QuoteIdent(ref.Schema)+"."+QuoteIdent(ref.Name)).Scan(&name, &ddl); err != nil {
			return fmt.Errorf("read check constraints of %s: %w", ref, err)
		}
		for _, m := range jsonCheckRE.FindAllStringSubmatch(ddl, -1) {
			markJSON(t, strings.ReplaceAll(m[1], "``", "`"))
		}
	}
	return nil
}

// jsonCheckRE finds the CHECK (json_valid(`col`)) constraints in a CREATE
// TABLE statement, on a column or on the table.
var jsonCheckRE = regexp.MustCompile("CHECK \\(json_valid\\(`((?:[^`]|``)+)`\\)\\)")

// markJSON marks a LONGTEXT column of t that MariaDB's JSON alias made.
func markJSON(t *Table, column string) {
	if t == nil {
		return
	}
	if c := t.Column(column); c != nil && c.DataType == "longtext" {
		c.DataType = "json"
	}
}

func hasLongtext(t *Table) bool {
	for _, c := range t.Columns {
		if c.DataType == "longtext" {
			return true
		}
	}
	return false
}

func readIndexes(ctx context.Context, conn *sql.Conn, srv Server, sc scope, tables map[Ref]*Table) error {
	where, args := sc.where("TABLE_SCHEMA", "TABLE_NAME")
	// Invisible (MySQL 8+) and ignored (MariaDB 10.6+) indexes cannot be
	// named in FORCE INDEX, so they must not chunk.
	hidden := "FALSE"
	switch {
	case srv.Flavor == MariaDB && srv.AtLeast(10, 6):
		hidden = "IGNORED = 'YES'"
	case srv.Flavor != MariaDB && srv.AtLeast(8, 0):
		hidden = "IS_VISIBLE = 'NO'"
	}
	// COLUMN_NAME is NULL for MySQL functional key parts; such indexes cannot chunk.
	rows, err := conn.QueryContext(ctx, `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX,
		COALESCE(COLUMN_NAME,''), SUB_PART IS NOT NULL, COALESCE(NULLABLE,''), `+hidden+`
		FROM information_schema.STATISTICS WHERE `+where+`
		ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, args...)
	if err != nil {
		return fmt.Errorf("read indexes: %w", err)
	}
	defer rows.Close()
	var cur *Index
	var curRef Ref
	for rows.Next() {
		var (
			ref             Ref
			name, col, null string
			nonUnique, seq  int
			prefix, hidden  bool
		)
		if err := rows.Scan(&ref.Schema, &ref.Name, &name, &nonUnique, &seq, &col, &prefix, &null, &hidden); err != nil {
			return fmt.Errorf("read indexes: %w", err)
		}
		t := tables[ref]
		if t == nil {
			continue
		}
		if seq == 1 || cur == nil || curRef != ref || cur.Name != name {
			t.Indexes = append(t.Indexes, Index{Name: name, Primary: name == "PRIMARY", Unique: nonUnique == 0, Invisible: hidden})
			cur, curRef = &t.Indexes[len(t.Indexes)-1], ref
		}
		if col == "" {
			cur.Prefix = true // functional key part: treat as unusable for chunking
		}
		cur.Columns = append(cur.Columns, col)
		cur.Prefix = cur.Prefix || prefix
		cur.Nullable = cur.Nullable || null == "YES"
	}
	return rows.Err()
}

// lastErrorIs reports whether the statement that just failed on c failed
// with server error number. It asks the server, whose SHOW ERRORS lists the
// last statement's errors, instead of unpacking the driver's error value:
// schema sits below conn, the one package that knows the driver, and so
// every package that imports schema stays free of the driver.
//
//	SHOW ERRORS  -- Error | 1146 | Table 'db.t' doesn't exist
func lastErrorIs(ctx context.Context, c *sql.Conn, number int) bool {
	rows, err := c.QueryContext(ctx, "SHOW ERRORS")
	if err != nil {
		return false
	}
	defer rows.Close()
	for rows.Next() {
		var level, message string
		var code int
		if rows.Scan(&level, &code, &message) == nil && code == number {
			return true
		}
	}
	return false
}
