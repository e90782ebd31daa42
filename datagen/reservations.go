package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/schema"
)

// reservationsVersion names the row algorithm of the reservations sample,
// as sysbenchVersion does for sbtest.
const reservationsVersion = "parity-datagen reservations v1"

// Streams of the reservations sample's tables.
const (
	streamCustomers    uint64 = 0xc057_0003
	streamReservations uint64 = 0x8e5e_0004
	streamLegacy       uint64 = 0x1e6a_0005
	streamAuditLog     uint64 = 0xa0d1_0006
)

// The sample's table names.
const (
	CustomersTable    = "customers"
	ReservationsTable = "reservations"
	LegacyGuestsTable = "legacy_guests"
	AuditLogTable     = "audit_log"
)

// ReservationsSize is how many rows each table of the sample gets.
type ReservationsSize struct {
	Customers, Reservations, LegacyGuests, LogLines int
}

// ReservationsSizeFor scales the other tables from the reservations count,
// in the proportions of a small booking application.
func ReservationsSizeFor(reservations int) ReservationsSize {
	return ReservationsSize{
		Customers:    max(100, reservations/25),
		Reservations: reservations,
		LegacyGuests: max(50, reservations/250),
		LogLines:     max(100, reservations/10),
	}
}

// ReservationsComment is the COMMENT that marks a finished load of one of
// the sample's tables.
func ReservationsComment(table string, rows int, seed int64) string {
	return fmt.Sprintf("%s %s seed=%d rows=%d", reservationsVersion, table, seed, rows)
}

// sampleTable is one table of the reservations sample: its DDL and how to
// build row i (1-based).
type sampleTable struct {
	name    string
	rows    int
	create  string
	columns []string
	row     func(i int) []any
}

// Reservations creates and fills the tables of a reservations-style
// application, the kind of schema a migration meets: customers (utf8mb4
// names, a unique e-mail), reservations (ENUM, DECIMAL, JSON options written
// as an application writes them, TIMESTAMP and DATETIME with microseconds),
// legacy_guests (a latin1 table from an older system) and audit_log (no key
// at all, with the odd duplicated line a retried write leaves). The same seed
// gives the same rows on every server; a table whose COMMENT records a
// finished load of the same size is left alone. TIMESTAMP values are written
// in UTC.
func Reservations(ctx context.Context, db *sql.DB, flavor schema.Flavor, database string, size ReservationsSize, seed int64) error {
	collation, err := utf8mb4Collation(flavor)
	if err != nil {
		return fmt.Errorf("reservations sample: %w", err)
	}
	if err := createDatabase(ctx, db, database); err != nil {
		return err
	}
	for _, t := range reservationTables(database, collation, size, seed) {
		if err := loadSampleTable(ctx, db, database, t, seed); err != nil {
			return err
		}
	}
	return nil
}

// utf8mb4Collation is the server's own default utf8mb4 collation, written
// out so tables do not depend on server configuration.
func utf8mb4Collation(flavor schema.Flavor) (string, error) {
	switch flavor {
	case schema.MySQL, schema.AuroraMySQL:
		return "utf8mb4_0900_ai_ci", nil
	case schema.MariaDB:
		return "utf8mb4_general_ci", nil
	}
	return "", fmt.Errorf("unknown server flavor %q", flavor)
}

func reservationTables(database, collation string, size ReservationsSize, seed int64) []sampleTable {
	return []sampleTable{
		{
			name: CustomersTable, rows: size.Customers,
			create: `(
  id INT UNSIGNED NOT NULL,
  email VARCHAR(191) NOT NULL,
  full_name VARCHAR(120) NOT NULL,
  country CHAR(2) NOT NULL,
  phone VARCHAR(32) NULL,
  created_at TIMESTAMP(3) NOT NULL,
  loyalty_points INT NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=` + collation,
			columns: []string{"id", "email", "full_name", "country", "phone", "created_at", "loyalty_points"},
			row:     func(i int) []any { return CustomerRow(i, seed) },
		},
		{
			name: ReservationsTable, rows: size.Reservations,
			create: `(
  id BIGINT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  hotel_code CHAR(5) NOT NULL,
  check_in DATE NOT NULL,
  nights TINYINT UNSIGNED NOT NULL,
  status ENUM('pending','confirmed','checked_in','cancelled') NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  options JSON NULL,
  booked_at TIMESTAMP(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY idx_customer (customer_id),
  KEY idx_check_in (check_in)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=` + collation,
			columns: []string{"id", "customer_id", "hotel_code", "check_in", "nights", "status", "total", "currency",
				"options", "booked_at", "updated_at"},
			row: func(i int) []any { return ReservationRow(i, size.Customers, seed) },
		},
		{
			name: LegacyGuestsTable, rows: size.LegacyGuests,
			create: `(
  guest_no INT NOT NULL,
  surname VARCHAR(60) NOT NULL,
  first_name VARCHAR(60) NOT NULL,
  city VARCHAR(60) NOT NULL,
  remarks TEXT NULL,
  registered DATE NOT NULL,
  PRIMARY KEY (guest_no)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci`,
			columns: []string{"guest_no", "surname", "first_name", "city", "remarks", "registered"},
			row:     func(i int) []any { return LegacyGuestRow(i, seed) },
		},
		{
			name: AuditLogTable, rows: size.LogLines,
			create: `(
  logged_at DATETIME(3) NOT NULL,
  level VARCHAR(8) NOT NULL,
  source VARCHAR(32) NOT NULL,
  message VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=` + collation,
			columns: []string{"logged_at", "level", "source", "message"},
			row:     func(i int) []any { return AuditLogRow(i, seed) },
		},
	}
}

// Load tuning of the sample tables: a batch is one multi-row INSERT of at
// most this many rows or about this many bytes of values.
const (
	sampleBatchRows  = 2000
	sampleBatchBytes = 1 << 20
	sampleWorkers    = 2
)

// loadSampleTable (re)creates and fills one table unless it already holds
// a finished load; the COMMENT is written last, so an interrupted load is
// never taken for a complete one.
func loadSampleTable(ctx context.Context, db *sql.DB, database string, t sampleTable, seed int64) error {
	comment := ReservationsComment(t.name, t.rows, seed)
	if got, ok, err := tableComment(ctx, db, database, t.name); err != nil || (ok && got == comment) {
		return err
	}
	table := tableName(database, t.name)
	for _, q := range []string{"DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " " + t.create} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sample table %s.%s: %w", database, t.name, err)
		}
	}
	batches := (t.rows + sampleBatchRows - 1) / sampleBatchRows
	g, gctx := errgroup.WithContext(ctx)
	for w := range min(sampleWorkers, batches) {
		g.Go(func() error {
			c, release, err := session(gctx, db, "SET SESSION time_zone = '+00:00', unique_checks = 0, foreign_key_checks = 0")
			if err != nil {
				return err
			}
			defer release()
			exprs := make([]string, len(t.columns))
			for i := range exprs {
				exprs[i] = "?"
			}
			in := newInserter(table, t.columns, exprs, sampleBatchRows, sampleBatchBytes)
			// Worker w takes batches w, w+workers, ...: ids stay in order within a batch.
			for b := w; b < batches; b += sampleWorkers {
				first := b*sampleBatchRows + 1
				for i := first; i <= min(first+sampleBatchRows-1, t.rows); i++ {
					if in.Add(t.row(i)) {
						if err := in.Flush(gctx, c); err != nil {
							return err
						}
					}
				}
				if err := in.Flush(gctx, c); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return fmt.Errorf("load sample table %s.%s: %w", database, t.name, err)
	}
	if _, err := db.ExecContext(ctx, "ALTER TABLE "+table+" COMMENT = "+quoteString(comment)); err != nil {
		return fmt.Errorf("mark sample table %s.%s loaded: %w", database, t.name, err)
	}
	return nil
}

func sampleRand(seed int64, stream uint64, i int) *rand.Rand {
	var p rand.PCG
	seedRow(&p, seed, stream, uint64(i))
	return rand.New(&p)
}

var (
	firstNames = []string{"Ana", "João", "Zoë", "Søren", "Françoise", "Łukasz", "Mehmet", "Aiko", "Chloé", "Björn",
		"María José", "Nuno", "Ines", "Dmitri", "Yuki", "Olúwaseun", "Eliška", "Hans-Peter", "Siobhán", "Renée"}
	lastNames = []string{"Silva", "Müller", "Ødegård", "O'Brien", "García Márquez", "Nováková", "Kowalski", "Yılmaz",
		"Tanaka", "Dubois", "Van der Berg", "Rossi", "Åström", "Nakamura", "Schäfer", "Peña", "Öztürk", "Leclerc"}
	countries  = []string{"PT", "ES", "FR", "DE", "GB", "US", "NL", "IT", "SE", "JP", "BR", "PL"}
	hotels     = []string{"LIS01", "OPO02", "MAD03", "BCN04", "PAR05", "BER06", "ROM07", "VIE08", "CPH09", "OSL10"}
	currencies = []string{"EUR", "EUR", "EUR", "USD", "GBP", "CHF"}
	statuses   = []string{"confirmed", "confirmed", "confirmed", "checked_in", "pending", "cancelled"}
	extras     = []string{"parking", "crib", "airport_transfer", "spa", "pet", "extra_bed"}
	notes      = []string{"ground floor please", "arriving late, after 23:00", "quiet room 🙏", "anniversary 🎉 — flowers",
		"needs \"accessible\" room", "allergic to feathers", "vegan breakfast", "early check-in if possible"}
	legacySurnames = []string{"Müller", "Peña", "Françoise", "Ødegård", "Åström", "Gómez", "Schäfer", "Løkke",
		"Nuñez", "Dupré", "Brontë", "Grünwald", "Sørensen", "Ibáñez"}
	legacyFirst = []string{"José", "Maëlle", "Jürgen", "Inês", "Håkon", "Céline", "Íñigo", "Zoé", "Asbjørn", "Renée"}
	legacyCity  = []string{"Zürich", "Göteborg", "Málaga", "Besançon", "Århus", "Köln", "São Paulo", "Reykjavík"}
	logLevels   = []string{"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"}
	logSources  = []string{"booking-api", "payments", "channel-sync", "mailer", "housekeeping"}
)

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

var sampleEpoch = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)

// CustomerRow is row i of customers.
func CustomerRow(i int, seed int64) []any {
	r := sampleRand(seed, streamCustomers, i)
	first, last := pick(r, firstNames), pick(r, lastNames)
	email := strings.ToLower(strings.NewReplacer(" ", "", "'", "").Replace(asciiFold(first)+"."+asciiFold(last))) +
		"." + strconv.Itoa(i) + "@example.com"
	var phone any
	if r.IntN(5) > 0 {
		phone = fmt.Sprintf("+%d %03d %03d %03d", 1+r.IntN(98), r.IntN(1000), r.IntN(1000), r.IntN(1000))
	}
	created := sampleEpoch.Add(time.Duration(r.Int64N(900*24*3600*1000)) * time.Millisecond)
	return []any{i, email, first + " " + last, pick(r, countries), phone, created.Format("2006-01-02 15:04:05.000"), r.IntN(50_000)}
}

// ReservationRow is row i of reservations, for a customers table of
// customers rows.
func ReservationRow(i, customers int, seed int64) []any {
	r := sampleRand(seed, streamReservations, i)
	checkIn := sampleEpoch.AddDate(0, 0, r.IntN(900))
	nights := 1 + r.IntN(14)
	cents := int64(nights) * (5900 + r.Int64N(33000))
	booked := checkIn.Add(-time.Duration(r.Int64N(120*24*3600*1_000_000)) * time.Microsecond)
	updated := booked.Add(time.Duration(r.Int64N(30*24*3600*1_000_000)) * time.Microsecond)
	var options any
	if r.IntN(10) > 0 {
		options = reservationOptions(r)
	}
	return []any{
		i, 1 + r.IntN(max(1, customers)), pick(r, hotels), checkIn.Format(time.DateOnly), nights, pick(r, statuses),
		fmt.Sprintf("%d.%02d", cents/100, cents%100), pick(r, currencies), options,
		booked.Format("2006-01-02 15:04:05.000000"), updated.Format("2006-01-02 15:04:05.000000"),
	}
}

// reservationOptions writes a JSON document the way an application's own
// serializer might: keys in no particular order, its own spacing, prices
// with trailing zeros. MySQL's JSON type stores the same document with
// sorted keys and its own spacing; MariaDB keeps the text.
func reservationOptions(r *rand.Rand) string {
	sep, colon := ",", ":"
	if r.IntN(2) == 0 {
		sep, colon = ", ", ": "
	}
	fields := []string{
		`"guests"` + colon + `{"adults"` + colon + strconv.Itoa(1+r.IntN(3)) + sep + `"children"` + colon + strconv.Itoa(r.IntN(3)) + `}`,
		`"breakfast"` + colon + strconv.FormatBool(r.IntN(2) == 0),
		`"rate_eur"` + colon + fmt.Sprintf("%d.%d0", 40+r.IntN(300), r.IntN(10)),
	}
	if r.IntN(3) == 0 {
		fields = append(fields, `"late_checkout"`+colon+jsonString(fmt.Sprintf("%02d:00", 12+r.IntN(4))))
	}
	if n := r.IntN(3); n > 0 {
		list := make([]string, n)
		for k := range list {
			list[k] = jsonString(pick(r, extras))
		}
		fields = append(fields, `"extras"`+colon+"["+strings.Join(list, sep)+"]")
	}
	if r.IntN(4) == 0 {
		fields = append(fields, `"note"`+colon+jsonString(pick(r, notes)))
	}
	r.Shuffle(len(fields), func(a, b int) { fields[a], fields[b] = fields[b], fields[a] })
	return "{" + strings.Join(fields, sep) + "}"
}

// LegacyGuestRow is row i of legacy_guests: latin1 text only.
func LegacyGuestRow(i int, seed int64) []any {
	r := sampleRand(seed, streamLegacy, i)
	var remarks any
	if r.IntN(3) > 0 {
		remarks = randText(r, latin1, 80, 240)
	}
	registered := time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(6000))
	return []any{i, pick(r, legacySurnames), pick(r, legacyFirst), pick(r, legacyCity), remarks, registered.Format(time.DateOnly)}
}

// auditDuplicateEvery makes every n-th log line a copy of the one before,
// as a client that retries a write after a lost acknowledgement leaves it.
const auditDuplicateEvery = 997

// AuditLogRow is row i of audit_log.
func AuditLogRow(i int, seed int64) []any {
	if i > 1 && i%auditDuplicateEvery == 0 {
		i--
	}
	r := sampleRand(seed, streamAuditLog, i)
	at := sampleEpoch.Add(time.Duration(i)*37*time.Second + time.Duration(r.IntN(1000))*time.Millisecond)
	msg := fmt.Sprintf("reservation %d: %s by %s", 1+r.IntN(1_000_000),
		pick(r, []string{"created", "confirmed", "paid", "cancelled", "modified", "e-mail sent"}), pick(r, firstNames))
	return []any{at.Format("2006-01-02 15:04:05.000"), pick(r, logLevels), pick(r, logSources), msg}
}

// AuditLogDuplicates is how many lines of a log of n lines repeat the line
// before them.
func AuditLogDuplicates(n int) int { return n / auditDuplicateEvery }

// asciiFold drops the accents of the sample's names for e-mail addresses.
func asciiFold(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c < 0x80:
			b.WriteRune(c)
		case strings.ContainsRune("áàâãäå", c):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", c):
			b.WriteByte('e')
		case strings.ContainsRune("íìîï", c):
			b.WriteByte('i')
		case strings.ContainsRune("óòôõöø", c):
			b.WriteByte('o')
		case strings.ContainsRune("úùûü", c):
			b.WriteByte('u')
		case strings.ContainsRune("ıİ", c):
			b.WriteByte('i')
		case c == 'ç':
			b.WriteByte('c')
		case c == 'ñ' || c == 'ń':
			b.WriteByte('n')
		case c == 'ł' || c == 'Ł':
			b.WriteByte('l')
		case c == 'š':
			b.WriteByte('s')
		case c == 'ž':
			b.WriteByte('z')
		case c == 'Ø' || c == 'Ö' || c == 'Ó':
			b.WriteByte('o')
		case c == 'Å' || c == 'Ä':
			b.WriteByte('a')
		}
	}
	return b.String()
}
