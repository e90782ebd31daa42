package querylog

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestDigests reads MySQL's statement digests after a known workload, and
// checks that MariaDB, which keeps none by default, says so.
func TestDigests(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		admin := s.Open(t, "", 1)
		ctx := context.Background()
		db := s.Database(t, "querylog")
		p := s.Open(t, db, 1)
		long := "SELECT '" + strings.Repeat("x", 1100) + "' AS long_sample"
		if admin.Server.Flavor != schema.MariaDB {
			// The digest table holds performance_schema_digests_size
			// statements (10,000); once a test suite filled it, new
			// statements are counted in its one NULL row only.
			testbed.Exec(t, admin, "TRUNCATE performance_schema.events_statements_summary_by_digest")
		}
		testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
			"SELECT note FROM t WHERE id = 1", "SELECT note FROM t WHERE id = 2", long)

		stmts, err := FromDigests(ctx, admin, 0)
		// Under the rest of the suite the digest table has now and then
		// held no sample of the long statement (a full run of make test
		// failed so once, the SELECTs' class present): run it again, a few
		// times at most, before judging the class.
		for attempt := 1; err == nil && admin.Server.Flavor != schema.MariaDB && attempt < 5 && !hasSample(stmts, db, "xxxxxxxxxx"); attempt++ {
			t.Logf("attempt %d: no sample of the long statement yet; running it again", attempt)
			testbed.Exec(t, p, long)
			stmts, err = FromDigests(ctx, admin, 0)
		}
		if admin.Server.Flavor == schema.MariaDB {
			if !errors.Is(err, ErrNoDigests) || !strings.Contains(err.Error(), admin.Server.String()) ||
				!strings.Contains(err.Error(), "performance_schema is off") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("FromDigests on MariaDB = %d statements, %v; want one line that says performance_schema is off", len(stmts), err)
			}
			return
		}
		if err != nil {
			t.Fatalf("FromDigests: %v", err)
		}
		var mine []Statement
		for _, st := range stmts {
			if st.Schema == db {
				mine = append(mine, st)
			}
		}
		byFP := make(map[string]Class)
		for _, c := range Group(mine, 2) {
			byFP[c.Fingerprint] = c
		}
		sel := byFP["select note from t where id = ?"]
		if sel.Count != 2 || len(sel.Samples) != 1 || !strings.HasPrefix(sel.Samples[0].SQL, "SELECT note FROM t WHERE id = ") ||
			!strings.HasPrefix(sel.Samples[0].Origin, "digest ") || sel.Duration <= 0 || sel.Skipped != "" {
			t.Errorf("class of the SELECT = %+v", sel)
		}
		var cut Class
		for _, c := range byFP {
			if strings.Contains(c.Samples[0].SQL, "xxxxxxxxxx") {
				cut = c
			}
		}
		if !strings.Contains(cut.Skipped, "performance_schema_max_sql_text_length") || !strings.HasSuffix(cut.Samples[0].SQL, "...") {
			t.Errorf("class of the long statement = %+v, want one skipped because its sample is cut", cut)
		}
		if top, err := FromDigests(ctx, admin, 2); err != nil || len(top) != 2 {
			t.Errorf("FromDigests(top 2) = %d statements, %v", len(top), err)
		}
	})
}

// hasSample reports whether a statement of db has sample SQL holding part.
func hasSample(stmts []Statement, db, part string) bool {
	for _, st := range stmts {
		if st.Schema == db && strings.Contains(st.SQL, part) {
			return true
		}
	}
	return false
}

func TestCut(t *testing.T) {
	limit := sql.NullInt64{Int64: 1024, Valid: true}
	for _, tt := range []struct {
		text string
		max  sql.NullInt64
		want bool
	}{
		{strings.Repeat("a", 1021) + "...", limit, true},
		{strings.Repeat("a", 1018) + "é..." /* cut before a character */, limit, true},
		{"SELECT '...'", limit, false},
		{strings.Repeat("a", 1030), limit, false},
		{strings.Repeat("a", 1021) + "...", sql.NullInt64{}, false},
	} {
		if got := cut(tt.text, tt.max); got != tt.want {
			t.Errorf("cut(%d bytes ending %q, %v) = %v, want %v", len(tt.text), tt.text[len(tt.text)-5:], tt.max, got, tt.want)
		}
	}
}
