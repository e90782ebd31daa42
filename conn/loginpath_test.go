package conn_test

import (
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
)

func TestDecodeLoginPathFile(t *testing.T) {
	text := "[client]\nuser = \"app\"\npassword = \"Login-Pw-#1\"\n[prod]\nhost = \"db.example.com\"\nport = 3307\n" +
		"[long]\npassword = \"" + strings.Repeat("x", 40) + "\"\n"
	got, err := conn.DecodeLoginPathFile(encodeLoginFile(t, text))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != text {
		t.Errorf("decoded %q, want %q", got, text)
	}
	valid := encodeLoginFile(t, "[client]\nuser=a\n")
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"too short", valid[:20], "too short"},
		{"length without line", valid[:26], "truncated"},
		{"line cut short", valid[:len(valid)-1], "corrupt"},
		{"not a block multiple", append(append([]byte{}, valid[:24]...), 5, 0, 0, 0, 1, 2, 3, 4, 5), "corrupt"},
		{"wrong key", append(append(append([]byte{}, valid[:4]...), make([]byte, 20)...), valid[24:]...), "bad padding"},
	} {
		if _, err := conn.DecodeLoginPathFile(tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}
