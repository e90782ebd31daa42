package datagen

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/parity-db/parity/testbed"
)

func TestDocument(t *testing.T) {
	for _, size := range []int{100, 50_000, 400_000} {
		doc := document(rand.New(rand.NewPCG(1, 2)), size)
		if !json.Valid([]byte(doc)) {
			t.Errorf("size %d: not valid JSON", size)
		}
		if len(doc) < size || len(doc) > size+300 {
			t.Errorf("size %d: document of %d bytes", size, len(doc))
		}
		if again := document(rand.New(rand.NewPCG(1, 2)), size); again != doc {
			t.Errorf("size %d: not deterministic", size)
		}
	}
}

// TestDocuments loads the same rows on both servers, and a second call
// with the same arguments leaves the table alone.
func TestDocuments(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		database := s.Database(t, "docs")
		p := s.Open(t, database, 2)
		if err := Documents(ctx, p.DB, p.Server.Flavor, database, "docs", 5, 50_000, 7); err != nil {
			t.Fatal(err)
		}
		var rows, minLen int64
		var valid int64
		q := "SELECT COUNT(*), MIN(LENGTH(doc)), SUM(JSON_VALID(doc)) FROM " + tableName(database, "docs")
		if err := p.QueryRowContext(ctx, q).Scan(&rows, &minLen, &valid); err != nil {
			t.Fatal(err)
		}
		if rows != 5 || valid != 5 || minLen < 45_000 {
			t.Errorf("%d rows, %d valid, shortest %d bytes; want 5 valid documents of about 50 KB", rows, valid, minLen)
		}
		testbed.Exec(t, p, "INSERT INTO "+tableName(database, "docs")+" VALUES (99, NOW(), '{}')")
		if err := Documents(ctx, p.DB, p.Server.Flavor, database, "docs", 5, 50_000, 7); err != nil {
			t.Fatal(err)
		}
		if err := p.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tableName(database, "docs")).Scan(&rows); err != nil || rows != 6 {
			t.Errorf("a loaded table was rebuilt: %d rows (%v)", rows, err)
		}
	})
}
