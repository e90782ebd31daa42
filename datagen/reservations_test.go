package datagen

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/parity-db/parity/testbed"
)

func TestReservationsSizeFor(t *testing.T) {
	for _, tc := range []struct {
		reservations int
		want         ReservationsSize
	}{
		{0, ReservationsSize{Customers: 100, LegacyGuests: 50, LogLines: 100}},
		{1000, ReservationsSize{Customers: 100, Reservations: 1000, LegacyGuests: 50, LogLines: 100}},
		{500_000, ReservationsSize{Customers: 20_000, Reservations: 500_000, LegacyGuests: 2000, LogLines: 50_000}},
	} {
		if got := ReservationsSizeFor(tc.reservations); got != tc.want {
			t.Errorf("ReservationsSizeFor(%d) = %+v, want %+v", tc.reservations, got, tc.want)
		}
	}
}

// TestSampleRows checks the rows themselves: deterministic, valid JSON,
// latin1 text only in the legacy table, and the log's duplicated lines.
func TestSampleRows(t *testing.T) {
	for i := 1; i <= 2000; i++ {
		if a, b := ReservationRow(i, 100, 3), ReservationRow(i, 100, 3); !reflect.DeepEqual(a, b) {
			t.Fatalf("reservation %d not deterministic: %v vs %v", i, a, b)
		}
		if opt, ok := ReservationRow(i, 100, 3)[8].(string); ok && !json.Valid([]byte(opt)) {
			t.Errorf("reservation %d: options %q are not JSON", i, opt)
		}
		for _, v := range LegacyGuestRow(i, 3) {
			s, ok := v.(string)
			if !ok {
				continue
			}
			for _, c := range s {
				if c > 0xff || (c >= 0x80 && c < 0xa0) {
					t.Fatalf("legacy guest %d: %q is not latin1 (%U)", i, s, c)
				}
			}
		}
		c := CustomerRow(i, 3)
		if email := c[1].(string); !utf8.ValidString(email) || len(email) > 191 || email != toASCII(email) {
			t.Errorf("customer %d: e-mail %q", i, email)
		}
	}
	if a, b := AuditLogRow(auditDuplicateEvery, 3), AuditLogRow(auditDuplicateEvery-1, 3); !reflect.DeepEqual(a, b) {
		t.Errorf("line %d does not repeat the line before it: %v vs %v", auditDuplicateEvery, a, b)
	}
	if a, b := AuditLogRow(5, 3), AuditLogRow(4, 3); reflect.DeepEqual(a, b) {
		t.Errorf("lines 4 and 5 are the same")
	}
	if reflect.DeepEqual(ReservationRow(1, 100, 3), ReservationRow(1, 100, 4)) {
		t.Errorf("another seed gives the same reservation")
	}
}

func toASCII(s string) string {
	b := []byte{}
	for _, c := range s {
		if c < 0x80 {
			b = append(b, byte(c))
		}
	}
	return string(b)
}

// TestReservations loads the sample on both servers: every table has its
// rows, the legacy table is latin1, the log has no index and its duplicates,
// and a second call leaves loaded tables alone.
func TestReservations(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ctx := context.Background()
		database := s.Database(t, "resv")
		p := s.Open(t, database, 2)
		size := ReservationsSize{Customers: 120, Reservations: 4100, LegacyGuests: 60, LogLines: 2100}
		if err := Reservations(ctx, p.DB, p.Server.Flavor, database, size, 9); err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int{CustomersTable: 120, ReservationsTable: 4100, LegacyGuestsTable: 60, AuditLogTable: 2100} {
			var n int
			if err := p.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tableName(database, table)).Scan(&n); err != nil || n != want {
				t.Errorf("%s: %d rows (%v), want %d", table, n, err, want)
			}
		}
		var charset string
		if err := p.QueryRowContext(ctx, `SELECT CCSA.CHARACTER_SET_NAME FROM information_schema.TABLES T
			JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY CCSA ON CCSA.COLLATION_NAME = T.TABLE_COLLATION
			WHERE T.TABLE_SCHEMA = ? AND T.TABLE_NAME = ?`, database, LegacyGuestsTable).Scan(&charset); err != nil || charset != "latin1" {
			t.Errorf("legacy_guests charset %q (%v), want latin1", charset, err)
		}
		var indexes, distinct int
		if err := p.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`,
			database, AuditLogTable).Scan(&indexes); err != nil || indexes != 0 {
			t.Errorf("audit_log has %d index columns (%v), want none", indexes, err)
		}
		q := "SELECT COUNT(*) FROM (SELECT DISTINCT logged_at, level, source, message FROM " + tableName(database, AuditLogTable) + ") d"
		if err := p.QueryRowContext(ctx, q).Scan(&distinct); err != nil || distinct != 2100-AuditLogDuplicates(2100) {
			t.Errorf("audit_log: %d distinct lines (%v), want %d", distinct, err, 2100-AuditLogDuplicates(2100))
		}
		var valid int
		q = "SELECT COUNT(*) FROM " + tableName(database, ReservationsTable) + " WHERE options IS NOT NULL AND JSON_VALID(options)"
		if err := p.QueryRowContext(ctx, q).Scan(&valid); err != nil || valid < 3000 {
			t.Errorf("%d reservations with valid JSON options (%v), want most of 4100", valid, err)
		}

		testbed.Exec(t, p, "DELETE FROM "+tableName(database, CustomersTable)+" WHERE id = 1")
		if err := Reservations(ctx, p.DB, p.Server.Flavor, database, size, 9); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := p.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+tableName(database, CustomersTable)).Scan(&n); err != nil || n != 119 {
			t.Errorf("a loaded table was rebuilt: %d customers (%v), want the 119 left", n, err)
		}
	})
}
