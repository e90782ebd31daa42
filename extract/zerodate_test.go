package extract

import (
	"strings"
	"testing"
)

func TestDecodeZeroDatePolicy(t *testing.T) {
	for in, want := range map[string]ZeroDatePolicy{"null": ZeroDatesNull, "error": ZeroDatesError, " NULL ": ZeroDatesNull} {
		got, err := ParseZeroDatePolicy(in)
		if err != nil || got != want {
			t.Errorf("ParseZeroDatePolicy(%q) = %v, %v; want %v", in, got, err, want)
		}
		if got.String() != strings.ToLower(strings.TrimSpace(in)) {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	if _, err := ParseZeroDatePolicy("zero"); err == nil {
		t.Error(`ParseZeroDatePolicy("zero"): no error`)
	}
}
