package replay_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// The fixture of the replay benchmark: a small shop, as a migration from
// MariaDB to MySQL leaves it. Both copies hold the same rows, loaded by the
// same statements, except for what the migration changed on purpose (a
// wider DECIMAL, an index the target gained, JSON stored natively) and a
// few rows a faulty copy got wrong (the planted differences).
const (
	benchCustomers = 2_000
	benchOrders    = 30_000
	benchDocs      = 20
	benchSeed      = 7
)

// The planted differences: on the target, order 101 has another status,
// order 202 another total, customer 33 another country, and order 404 is
// missing.
const (
	plantedStatus   = 101
	plantedTotal    = 202
	plantedDeleted  = 404
	plantedCustomer = 33
)

var (
	benchStatuses  = []string{"new", "paid", "shipped", "cancelled", "returned"}
	benchCountries = []string{"DE", "FR", "US", "GB", "JP", "BR", "IN", "ES"}
	benchTags      = []string{"gift", "red", "blue", "sale", "bulk", "fragile"}
	benchEpoch     = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// benchOrder is a row of orders, as the benchmark knows it.
type benchOrder struct {
	id, customer int
	status       string
	cents        int64 // total, in hundredths
	created      time.Time
	sku          string
	qty          int
	priceCents   int64
	tags         []string
	deleted      bool
}

// doc is the order's document as the application wrote it: compact, keys in
// its own order, the price with two decimals. MariaDB keeps this text;
// MySQL stores it parsed and returns it normalized.
func (o benchOrder) doc() string {
	return fmt.Sprintf(`{"sku":"%s","qty":%d,"price":%d.%02d,"tags":["%s"]}`, o.sku, o.qty, o.priceCents/100,
		o.priceCents%100, strings.Join(o.tags, `","`))
}

type benchCustomer struct {
	id            int
	name, country string
}

// benchData is what one server holds, for the expectations of each
// statement: orders[id] and customers[id], index 0 unused.
type benchData struct {
	orders    []benchOrder
	customers []benchCustomer
}

// generateData returns the source's rows and the target's: the same, with
// the planted differences.
func generateData() (src, tgt *benchData) {
	r := mrand.New(mrand.NewPCG(benchSeed, 1))
	src = &benchData{orders: make([]benchOrder, benchOrders+1), customers: make([]benchCustomer, benchCustomers+1)}
	for id := 1; id <= benchCustomers; id++ {
		src.customers[id] = benchCustomer{id: id, name: fmt.Sprintf("customer %d", id),
			country: benchCountries[r.IntN(len(benchCountries))]}
	}
	for id := 1; id <= benchOrders; id++ {
		o := benchOrder{id: id, customer: 1 + r.IntN(benchCustomers), status: benchStatuses[r.IntN(len(benchStatuses))],
			cents:   100 + r.Int64N(99_900),
			created: benchEpoch.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second),
			sku:     fmt.Sprintf("%c-%d", 'A'+r.IntN(6), r.IntN(500)), qty: 1 + r.IntN(9),
			priceCents: 10 * (1 + r.Int64N(2_000))} // prices end in 0: 12.50, written with a trailing zero
		n := 1 + r.IntN(3)
		for _, k := range r.Perm(len(benchTags))[:n] {
			o.tags = append(o.tags, benchTags[k])
		}
		src.orders[id] = o
	}
	tgt = &benchData{orders: slices.Clone(src.orders), customers: slices.Clone(src.customers)}
	tgt.orders[plantedStatus].status = "refunded"
	tgt.orders[plantedTotal].cents += 1_000
	tgt.orders[plantedDeleted].deleted = true
	tgt.customers[plantedCustomer].country = "NL"
	return src, tgt
}

// plants are the statements that make the target's copy what generateData
// says it is.
var plants = []string{
	fmt.Sprintf("UPDATE orders SET status = 'refunded' WHERE id = %d", plantedStatus),
	fmt.Sprintf("UPDATE orders SET total = total + 10 WHERE id = %d", plantedTotal),
	fmt.Sprintf("DELETE FROM orders WHERE id = %d", plantedDeleted),
	fmt.Sprintf("UPDATE customers SET country = 'NL' WHERE id = %d", plantedCustomer),
}

// benchFixture is the database of the same name on both servers.
type benchFixture struct {
	db       string
	old, new testbed.Server
	src, tgt *benchData
	srcPool  *conn.Pool
	tgtPool  *conn.Pool
}

// newBenchFixture creates the database on both servers and drops it when
// the benchmark ends (PARITY_TEST_KEEP=1 keeps it).
func newBenchFixture(b *testing.B, old, new testbed.Server) *benchFixture {
	b.Helper()
	var n [4]byte
	_, _ = rand.Read(n[:])
	f := &benchFixture{db: "pt_replaybench_" + hex.EncodeToString(n[:]), old: old, new: new}
	f.src, f.tgt = generateData()
	for i, s := range []testbed.Server{old, new} {
		admin := s.Open(b, "", 1)
		testbed.Exec(b, admin, "CREATE DATABASE "+schema.QuoteIdent(f.db)+" CHARACTER SET utf8mb4")
		b.Cleanup(func() {
			if os.Getenv("PARITY_TEST_KEEP") == "" {
				_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+schema.QuoteIdent(f.db))
			}
		})
		p := s.Open(b, f.db, 1)
		f.load(b, p, i == 1)
		if i == 0 {
			f.srcPool = p
		} else {
			f.tgtPool = p
		}
	}
	return f
}

// load creates the tables and their rows; the target's schema is the
// migrated one, and it gets the planted differences.
func (f *benchFixture) load(b *testing.B, p *conn.Pool, target bool) {
	b.Helper()
	total, index := "DECIMAL(10,2)", ""
	if target {
		total, index = "DECIMAL(12,4)", ",\n  KEY idx_status_created (status, created)"
	}
	testbed.Exec(b, p,
		"CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, country CHAR(2) NOT NULL)",
		"CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(12) NOT NULL,\n"+
			"  total "+total+" NOT NULL, created DATETIME NOT NULL, doc JSON,\n  KEY idx_customer (customer_id)"+index+")",
		"CREATE TABLE docs (id INT PRIMARY KEY, created_at DATETIME NOT NULL, doc JSON)",
		// pt-upgrade reads this empty table before each statement to clear
		// the warnings, instead of creating its own database for it.
		"CREATE TABLE pt_upgrade (id INT PRIMARY KEY)",
	)
	var rows []string
	flush := func(table string) {
		if len(rows) > 0 {
			testbed.Exec(b, p, "INSERT INTO "+table+" VALUES "+strings.Join(rows, ","))
			rows = rows[:0]
		}
	}
	for _, c := range f.src.customers[1:] {
		rows = append(rows, fmt.Sprintf("(%d,'%s','%s')", c.id, c.name, c.country))
		if len(rows) == 1000 {
			flush("customers")
		}
	}
	flush("customers")
	for _, o := range f.src.orders[1:] {
		rows = append(rows, fmt.Sprintf("(%d,%d,'%s',%d.%02d,'%s','%s')", o.id, o.customer, o.status, o.cents/100,
			o.cents%100, o.created.Format(time.DateTime), o.doc()))
		if len(rows) == 1000 {
			flush("orders")
		}
	}
	flush("orders")
	// Documents too large for MySQL's 256 KiB sort buffer: sorting them
	// runs out of sort memory there, where MariaDB's 2 MiB buffer copes.
	big := strings.Repeat("x", 400_000)
	for k := range benchDocs {
		testbed.Exec(b, p, fmt.Sprintf(`INSERT INTO docs VALUES (%d, '2024-01-01 00:00:00' + INTERVAL %d HOUR, '{"k": %d, "v": "%s"}')`,
			k, k, k, big))
	}
	if target {
		testbed.Exec(b, p, plants...)
	}
	testbed.Exec(b, p, "ANALYZE TABLE customers, orders, docs")
}

// checksums is CHECKSUM TABLE of the application's tables on each server,
// to show that nothing replayed changed them.
func (f *benchFixture) checksums(b *testing.B) string {
	b.Helper()
	var out []string
	for _, p := range []*conn.Pool{f.srcPool, f.tgtPool} {
		rows, err := p.QueryContext(context.Background(), "CHECKSUM TABLE customers, orders, docs")
		if err != nil {
			b.Fatalf("checksum %s: %v", p.Server.Flavor, err)
		}
		for rows.Next() {
			var table string
			var sum *int64
			if err := rows.Scan(&table, &sum); err != nil {
				b.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %s %d", p.Server.Flavor, table, *sum))
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
	}
	return strings.Join(out, "\n")
}
