package conn_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
)

// TestRedact: a long password is hidden wherever it appears, in every form
// a URL gives it; a short one only where it stands as a value, so that
// words and host names that merely contain it come out unchanged.
func TestRedact(t *testing.T) {
	const long = "Rd@ct me/now+50% ok"
	const short = "ro"
	conn.RegisterSecret(long)
	conn.RegisterSecret(short)
	tests := []struct{ in, want string }{
		// Long: every form, anywhere.
		{"mysql://app:" + long + "@db/shop failed", "mysql://app:***@db/shop failed"},
		{"mysql://app:Rd%40ct%20me%2Fnow%2B50%25%20ok@db/shop", "mysql://app:***@db/shop"},
		{"mysql://app:Rd%40ct%20me%2fnow%2b50%25%20ok@db/shop", "mysql://app:***@db/shop"},
		{"q=" + url.QueryEscape(long), "q=***"},
		{"p=" + url.PathEscape(long), "p=***"},
		{url.UserPassword("app", long).String(), "app:***"},
		{"x" + long + "y", "x***y"},
		// Short: as a value...
		{"app:ro@tcp(db:3306)/shop", "app:***@tcp(db:3306)/shop"},
		{"mysql://app:ro@db/shop", "mysql://app:***@db/shop"},
		{"?password=ro&x=1", "?password=***&x=1"},
		{`password = "ro"`, `password = "***"`},
		{"ro", "***"},
		{"pw ro\n", "pw ***\n"},
		// ...never inside words, numbers or host names.
		{"Error 1045: Access denied", "Error 1045: Access denied"},
		{"Aurora MySQL 3 reader", "Aurora MySQL 3 reader"},
		{"connect source app@db-ro-1.internal:3306/shop", "connect source app@db-ro-1.internal:3306/shop"},
		{"ro.example.com, rows, from, robust", "ro.example.com, rows, from, robust"},
		{"127.0.0.1:23306", "127.0.0.1:23306"},
		{"zero_ro_", "zero_ro_"},
	}
	for _, tt := range tests {
		if got := conn.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactNested(t *testing.T) {
	// A password that contains another registered one is hidden whole.
	conn.RegisterSecret("Nest3d-Secret")
	conn.RegisterSecret("Nest3d-Secret-Longer")
	if got := conn.Redact("pw=Nest3d-Secret-Longer;"); got != "pw=***;" {
		t.Errorf("nested secret: got %q", got)
	}
	if got := conn.Redact("pw=Nest3d-Secret;"); got != "pw=***;" {
		t.Errorf("shorter secret: got %q", got)
	}
	conn.RegisterSecret("") // ignored
	if got := conn.Redact("nothing to hide"); got != "nothing to hide" {
		t.Errorf("Redact changed text without secrets: %q", got)
	}
	conn.RegisterSecret("Nest3d-Secret") // registering twice is harmless
	if got := conn.Redact("Nest3d-SecretNest3d-Secret"); got != "******" {
		t.Errorf("Redact(pw+pw) = %q", got)
	}
}

func TestParseRegistersPasswords(t *testing.T) {
	isolate(t)
	const pw = "Parsed/Pw@1%"
	dsn := "mysql://app:" + url.QueryEscape(pw) + "@h/db"
	if _, err := conn.Parse(dsn, conn.Options{Role: "source"}); err != nil {
		t.Fatal(err)
	}
	if got := conn.Redact("connect " + dsn); strings.Contains(got, pw) || strings.Contains(got, url.QueryEscape(pw)) {
		t.Errorf("Redact(%q) = %q", dsn, got)
	}
	if got := conn.Redact("password " + pw); got != "password ***" {
		t.Errorf("Redact = %q", got)
	}
}
