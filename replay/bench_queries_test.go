package replay_test

import (
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"
)

// The differences an application would see after the migration: both
// tools must report every statement of these.
const (
	realPlanted    = "planted rows (changed, missing)"
	realMD5        = "MD5() is gone in MySQL 9 (error)"
	realSortMemory = "out of sort memory on MySQL (error)"
	realPadSpace   = "trailing space: PAD SPACE vs NO PAD collation"
	realDeprecated = "SQL_CALC_FOUND_ROWS deprecated (warning)"
)

// What makes two results look different as text although they mean the
// same: a tool that compares by meaning must not report these.
const (
	benignScale      = "DECIMAL scale (12.50 vs 12.5000)"
	benignJSON       = "JSON text (as written vs normalized)"
	benignGroupOrder = "GROUP BY order without ORDER BY"
	benignRowOrder   = "row order without ORDER BY"
	benignFloatSum   = "double sum in another order (last digits)"
	benignFloatPrint = "double printing"
)

// benchQuery is one statement of the log and what replaying it must show.
type benchQuery struct {
	sql      string
	template string
	// real is the difference the application would see, "" for none.
	real string
	// benign is why a row-by-row text comparison may call it different
	// although it is not, "" when nothing should.
	benign string
	// write is an UPDATE or DELETE, which neither tool may run.
	write bool
}

// benchTemplate makes statements of one shape with varied literals.
type benchTemplate struct {
	name string
	n    int
	// real is the difference every statement of the template has; when ""
	// a statement differs only where it reads a planted row.
	real   string
	benign string
	// make returns a statement and its result by meaning on a copy of the
	// data, as sorted lines (nil when real says it all).
	make func(g *benchGen) (string, func(d *benchData) []string)
}

// benchGen picks literals: mostly uniform, and now and then one that reads
// a planted row.
type benchGen struct {
	r   *mrand.Rand
	src *benchData
}

func (g *benchGen) hit() bool { return g.r.IntN(100) < 5 }

func (g *benchGen) orderID() int {
	if g.hit() {
		return []int{plantedStatus, plantedTotal, plantedDeleted}[g.r.IntN(3)]
	}
	return 1 + g.r.IntN(benchOrders)
}

func (g *benchGen) customerID() int {
	if g.hit() {
		return []int{g.src.orders[plantedStatus].customer, g.src.orders[plantedTotal].customer,
			g.src.orders[plantedDeleted].customer, plantedCustomer}[g.r.IntN(4)]
	}
	return 1 + g.r.IntN(benchCustomers)
}

// idRange is a range of ids of width minW to maxW below limit; now and
// then one around a planted order.
func (g *benchGen) idRange(minW, maxW, limit int) (lo, hi int) {
	w := minW + g.r.IntN(maxW-minW+1)
	if g.hit() && limit == benchOrders {
		at := []int{plantedStatus, plantedTotal, plantedDeleted}[g.r.IntN(3)]
		lo = max(1, at-g.r.IntN(w+1))
		return lo, lo + w
	}
	lo = 1 + g.r.IntN(limit-w)
	return lo, lo + w
}

func (g *benchGen) status() string { return benchStatuses[g.r.IntN(len(benchStatuses))] }

// since is a time in the last weeks of the year, selective enough for the
// target's (status, created) index.
func (g *benchGen) since() time.Time {
	return benchEpoch.AddDate(0, 0, 320+g.r.IntN(40))
}

func sqlTime(t time.Time) string { return t.Format(time.DateTime) }

// where lists d's orders that pass keep, by id.
func (d *benchData) where(keep func(o benchOrder) bool) []benchOrder {
	var out []benchOrder
	for _, o := range d.orders[1:] {
		if !o.deleted && keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// lines renders each item as a line, sorted: a result by meaning, in no
// particular order.
func lines[T any](items []T, f func(T) string) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = f(x)
	}
	slices.Sort(out)
	return out
}

// groups counts orders by key, and sums their cents when sum is set,
// rendered as sorted lines.
func groups(orders []benchOrder, key func(o benchOrder) string, sum bool) []string {
	count := map[string]int{}
	cents := map[string]int64{}
	for _, o := range orders {
		count[key(o)]++
		cents[key(o)] += o.cents
	}
	var out []string
	for k, n := range count {
		line := fmt.Sprintf("%s %d", k, n)
		if sum {
			line += fmt.Sprintf(" %d", cents[k])
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}

func inRange(lo, hi int) func(o benchOrder) bool {
	return func(o benchOrder) bool { return o.id >= lo && o.id <= hi }
}

func ofCustomer(c int) func(o benchOrder) bool {
	return func(o benchOrder) bool { return o.customer == c }
}

// benchTemplates are the application's statements: about the mix of a shop's
// read traffic, with the shapes a MariaDB to MySQL migration changes.
var benchTemplates = []benchTemplate{
	{name: "order by id", n: 270, benign: benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		id := g.orderID()
		return fmt.Sprintf("SELECT id, customer_id, status, total, created FROM orders WHERE id = %d", id),
			func(d *benchData) []string {
				return lines(d.where(inRange(id, id)), func(o benchOrder) string {
					return fmt.Sprint(o.id, o.customer, o.status, o.cents, o.created)
				})
			}
	}},
	{name: "order document", n: 120, benign: benignJSON, make: func(g *benchGen) (string, func(*benchData) []string) {
		id := g.orderID()
		return fmt.Sprintf("SELECT id, doc FROM orders WHERE id = %d", id), func(d *benchData) []string {
			return lines(d.where(inRange(id, id)), func(o benchOrder) string { return fmt.Sprint(o.id, o.doc()) })
		}
	}},
	{name: "order range", n: 100, benign: benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(5, 50, benchOrders)
		return fmt.Sprintf("SELECT id, status, total FROM orders WHERE id BETWEEN %d AND %d ORDER BY id", lo, hi),
			func(d *benchData) []string {
				return lines(d.where(inRange(lo, hi)), func(o benchOrder) string { return fmt.Sprint(o.id, o.status, o.cents) })
			}
	}},
	{name: "a customer's orders", n: 200, make: func(g *benchGen) (string, func(*benchData) []string) {
		c := g.customerID()
		return fmt.Sprintf("SELECT id, status, created FROM orders WHERE customer_id = %d ORDER BY created DESC, id DESC", c),
			func(d *benchData) []string {
				return lines(d.where(ofCustomer(c)), func(o benchOrder) string { return fmt.Sprint(o.id, o.status, o.created) })
			}
	}},
	{name: "statuses of a range", n: 80, benign: benignGroupOrder, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(100, 400, benchOrders)
		return fmt.Sprintf("SELECT status, COUNT(*) FROM orders WHERE id BETWEEN %d AND %d GROUP BY status", lo, hi),
			func(d *benchData) []string {
				return groups(d.where(inRange(lo, hi)), func(o benchOrder) string { return o.status }, false)
			}
	}},
	{name: "totals by country", n: 60, benign: benignGroupOrder + ", " + benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(200, 600, benchOrders)
		return fmt.Sprintf("SELECT c.country, COUNT(*), SUM(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id "+
				"WHERE o.id BETWEEN %d AND %d GROUP BY c.country", lo, hi),
			func(d *benchData) []string {
				return groups(d.where(inRange(lo, hi)), func(o benchOrder) string { return d.customers[o.customer].country },
					true)
			}
	}},
	{name: "decimal arithmetic", n: 80, benign: benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		id := g.orderID()
		return fmt.Sprintf("SELECT id, total * 2 AS doubled, total + 0.5 AS plus FROM orders WHERE id = %d", id),
			func(d *benchData) []string {
				return lines(d.where(inRange(id, id)), func(o benchOrder) string { return fmt.Sprint(o.id, o.cents) })
			}
	}},
	{name: "sums of customers", n: 80, benign: benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		a, b, c := g.customerID(), g.customerID(), g.customerID()
		return fmt.Sprintf("SELECT customer_id, SUM(total), MAX(total) FROM orders WHERE customer_id IN (%d, %d, %d) "+
				"GROUP BY customer_id ORDER BY customer_id", a, b, c),
			func(d *benchData) []string {
				var out []string
				for _, k := range []int{a, b, c} {
					var sum, top int64
					n := 0
					for _, o := range d.where(ofCustomer(k)) {
						sum, top, n = sum+o.cents, max(top, o.cents), n+1
					}
					if n > 0 && !slices.Contains(out, fmt.Sprint(k, sum, top)) {
						out = append(out, fmt.Sprint(k, sum, top))
					}
				}
				slices.Sort(out)
				return out
			}
	}},
	{name: "JSON price", n: 60, benign: benignJSON, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(3, 20, benchOrders)
		return fmt.Sprintf("SELECT id, JSON_EXTRACT(doc, '$.price') AS price FROM orders WHERE id BETWEEN %d AND %d ORDER BY id", lo, hi),
			func(d *benchData) []string {
				return lines(d.where(inRange(lo, hi)), func(o benchOrder) string { return fmt.Sprint(o.id, o.priceCents) })
			}
	}},
	{name: "JSON scalars", n: 60, make: func(g *benchGen) (string, func(*benchData) []string) {
		c := g.customerID()
		return fmt.Sprintf("SELECT id, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.sku')) AS sku, JSON_EXTRACT(doc, '$.qty') AS qty "+
				"FROM orders WHERE customer_id = %d ORDER BY id", c),
			func(d *benchData) []string {
				return lines(d.where(ofCustomer(c)), func(o benchOrder) string { return fmt.Sprint(o.id, o.sku, o.qty) })
			}
	}},
	{name: "JSON_CONTAINS", n: 40, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(20, 100, benchCustomers)
		tag := benchTags[g.r.IntN(len(benchTags))]
		return fmt.Sprintf("SELECT COUNT(*) FROM orders WHERE customer_id BETWEEN %d AND %d "+
				"AND JSON_CONTAINS(JSON_EXTRACT(doc, '$.tags'), '\"%s\"')", lo, hi, tag),
			func(d *benchData) []string {
				return []string{fmt.Sprint(len(d.where(func(o benchOrder) bool {
					return o.customer >= lo && o.customer <= hi && slices.Contains(o.tags, tag)
				})))}
			}
	}},
	{name: "MD5", n: 40, real: realMD5, make: func(g *benchGen) (string, func(*benchData) []string) {
		return fmt.Sprintf("SELECT id, MD5(CONCAT(id, ':', status)) AS h FROM orders WHERE id = %d", g.orderID()), nil
	}},
	{name: "large documents sorted", n: 8, real: realSortMemory, make: func(g *benchGen) (string, func(*benchData) []string) {
		return fmt.Sprintf("SELECT * FROM docs WHERE id >= %d ORDER BY created_at DESC", g.r.IntN(benchDocs/2)), nil
	}},
	{name: "double sum", n: 60, benign: benignFloatSum, make: func(g *benchGen) (string, func(*benchData) []string) {
		st, since := g.status(), g.since()
		return fmt.Sprintf("SELECT COUNT(*), SUM(total * 1.1e0) FROM orders WHERE status = '%s' AND created >= '%s'", st, sqlTime(since)),
			statusSince(st, since)
	}},
	{name: "count on the new index", n: 80, make: func(g *benchGen) (string, func(*benchData) []string) {
		st, since := g.status(), g.since()
		return fmt.Sprintf("SELECT COUNT(*) FROM orders WHERE status = '%s' AND created >= '%s'", st, sqlTime(since)),
			statusSince(st, since)
	}},
	{name: "double printing", n: 60, benign: benignFloatPrint, make: func(g *benchGen) (string, func(*benchData) []string) {
		id := g.orderID()
		return fmt.Sprintf("SELECT id, customer_id * 0.1e0 AS tenth, total / 3e0 AS third FROM orders WHERE id = %d", id),
			func(d *benchData) []string {
				return lines(d.where(inRange(id, id)), func(o benchOrder) string { return fmt.Sprint(o.id, o.customer, o.cents) })
			}
	}},
	{name: "orders with customer", n: 100, make: func(g *benchGen) (string, func(*benchData) []string) {
		c := g.customerID()
		return fmt.Sprintf("SELECT o.id, c.name, o.status FROM orders o JOIN customers c ON c.id = o.customer_id "+
				"WHERE o.customer_id = %d ORDER BY o.id", c),
			func(d *benchData) []string {
				return lines(d.where(ofCustomer(c)), func(o benchOrder) string {
					return fmt.Sprint(o.id, d.customers[o.customer].name, o.status)
				})
			}
	}},
	{name: "customer by id", n: 162, make: func(g *benchGen) (string, func(*benchData) []string) {
		id := 1 + g.r.IntN(benchCustomers)
		if g.hit() {
			id = plantedCustomer
		}
		return fmt.Sprintf("SELECT id, name, country FROM customers WHERE id = %d", id), func(d *benchData) []string {
			c := d.customers[id]
			return []string{fmt.Sprint(c.id, c.name, c.country)}
		}
	}},
	{name: "customers of a country", n: 60, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(20, 200, benchCustomers)
		if g.hit() {
			lo, hi = 1, 20+g.r.IntN(100)
		}
		country := benchCountries[g.r.IntN(len(benchCountries))]
		return fmt.Sprintf("SELECT id, name FROM customers WHERE country = '%s' AND id BETWEEN %d AND %d ORDER BY id", country, lo, hi),
			func(d *benchData) []string {
				var out []string
				for _, c := range d.customers[lo : hi+1] {
					if c.country == country {
						out = append(out, fmt.Sprint(c.id, c.name))
					}
				}
				slices.Sort(out)
				return out
			}
	}},
	{name: "name with a trailing space", n: 40, real: realPadSpace, make: func(g *benchGen) (string, func(*benchData) []string) {
		return fmt.Sprintf("SELECT id, country FROM customers WHERE name = 'customer %d '", 1+g.r.IntN(benchCustomers)), nil
	}},
	{name: "recent orders", n: 60, make: func(g *benchGen) (string, func(*benchData) []string) {
		since := benchEpoch.Add(time.Duration(g.r.Int64N(360*24)) * time.Hour)
		return fmt.Sprintf("SELECT id, customer_id, created FROM orders WHERE created >= '%s' ORDER BY created, id LIMIT 20", sqlTime(since)),
			func(d *benchData) []string {
				rows := d.where(func(o benchOrder) bool { return !o.created.Before(since) })
				slices.SortFunc(rows, func(a, b benchOrder) int {
					if c := a.created.Compare(b.created); c != 0 {
						return c
					}
					return a.id - b.id
				})
				return lines(rows[:min(20, len(rows))], func(o benchOrder) string { return fmt.Sprint(o.id, o.customer, o.created) })
			}
	}},
	{name: "status extremes", n: 60, benign: benignScale, make: func(g *benchGen) (string, func(*benchData) []string) {
		lo, hi := g.idRange(5, 40, benchCustomers)
		return fmt.Sprintf("SELECT status, MAX(created), MIN(total) FROM orders WHERE customer_id BETWEEN %d AND %d "+
				"GROUP BY status ORDER BY status", lo, hi),
			func(d *benchData) []string {
				last := map[string]time.Time{}
				least := map[string]int64{}
				for _, o := range d.where(func(o benchOrder) bool { return o.customer >= lo && o.customer <= hi }) {
					if o.created.After(last[o.status]) {
						last[o.status] = o.created
					}
					if v, ok := least[o.status]; !ok || o.cents < v {
						least[o.status] = o.cents
					}
				}
				var out []string
				for s, t := range last {
					out = append(out, fmt.Sprint(s, t, least[s]))
				}
				slices.Sort(out)
				return out
			}
	}},
	{name: "orders per day", n: 40, benign: benignGroupOrder, make: func(g *benchGen) (string, func(*benchData) []string) {
		from := benchEpoch.AddDate(0, 0, g.r.IntN(350))
		to := from.AddDate(0, 0, 3+g.r.IntN(8))
		return fmt.Sprintf("SELECT DATE(created) AS day, COUNT(*) FROM orders WHERE created >= '%s' AND created < '%s' "+
				"GROUP BY DATE(created)", sqlTime(from), sqlTime(to)),
			func(d *benchData) []string {
				return groups(d.where(func(o benchOrder) bool { return !o.created.Before(from) && o.created.Before(to) }),
					func(o benchOrder) string { return o.created.Format(time.DateOnly) }, false)
			}
	}},
	{name: "SQL_CALC_FOUND_ROWS", n: 30, real: realDeprecated, make: func(g *benchGen) (string, func(*benchData) []string) {
		return fmt.Sprintf("SELECT SQL_CALC_FOUND_ROWS id, status FROM orders WHERE customer_id = %d ORDER BY id LIMIT 3", g.customerID()), nil
	}},
	{name: "distinct statuses", n: 50, benign: benignRowOrder, make: func(g *benchGen) (string, func(*benchData) []string) {
		c := g.customerID()
		return fmt.Sprintf("SELECT DISTINCT status FROM orders WHERE customer_id = %d", c), func(d *benchData) []string {
			var out []string
			for _, o := range d.where(ofCustomer(c)) {
				if !slices.Contains(out, o.status) {
					out = append(out, o.status)
				}
			}
			slices.Sort(out)
			return out
		}
	}},
}

// statusSince is the result by meaning of a count (and sum) of the orders
// of a status since a time.
func statusSince(st string, since time.Time) func(d *benchData) []string {
	return func(d *benchData) []string {
		rows := d.where(func(o benchOrder) bool { return o.status == st && !o.created.Before(since) })
		var cents int64
		for _, o := range rows {
			cents += o.cents
		}
		return []string{fmt.Sprint(len(rows), cents)}
	}
}

// benchWrites is how many UPDATE and DELETE statements the log holds, in
// transactions of five that the source rolls back: neither tool may run
// them.
const benchWrites = 20

// benchStatements is the number of statements in the log the benchmark
// writes, not counting the BEGIN and ROLLBACK around the writes.
const benchStatements = 2_000

// benchLog returns the statements of the log, in the order the
// application runs them: the templates' statements shuffled, with the
// writes in blocks of five between them.
func benchLog(src, tgt *benchData) []benchQuery {
	r := mrand.New(mrand.NewPCG(benchSeed, 2))
	g := &benchGen{r: r, src: src}
	var reads []benchQuery
	for _, t := range benchTemplates {
		for range t.n {
			sql, eval := t.make(g)
			q := benchQuery{sql: sql, template: t.name, real: t.real, benign: t.benign}
			if q.real == "" && eval != nil && !slices.Equal(eval(src), eval(tgt)) {
				q.real = realPlanted
			}
			reads = append(reads, q)
		}
	}
	r.Shuffle(len(reads), func(i, j int) { reads[i], reads[j] = reads[j], reads[i] })
	var writes []benchQuery
	for i := range benchWrites {
		id := 1 + r.IntN(benchOrders)
		sql := fmt.Sprintf("UPDATE orders SET status = 'void' WHERE id = %d", id)
		if i%2 == 1 {
			sql = fmt.Sprintf("DELETE FROM orders WHERE id = %d", id)
		}
		writes = append(writes, benchQuery{sql: sql, template: "writes", write: true})
	}
	// Each block of five writes goes at a random place among the reads.
	var out []benchQuery
	at := map[int][]benchQuery{}
	for i := 0; i < len(writes); i += 5 {
		k := r.IntN(len(reads))
		at[k] = append(at[k], writes[i:i+5]...)
	}
	for i, q := range reads {
		out = append(out, at[i]...)
		out = append(out, q)
	}
	return out
}

// normalizeSQL is a statement as both tools and the log spell it: no
// trailing ';' or spaces.
func normalizeSQL(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";"))
}
