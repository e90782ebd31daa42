package reports

import "testing"

func TestTimes(t *testing.T) {
	for _, tt := range []struct {
		ratio float64
		want  string
	}{
		{0, ""}, {-1, ""}, {1, "1.00×"}, {1.372, "1.37×"}, {9.75, "9.75×"},
	} {
		if got := Times(tt.ratio); got != tt.want {
			t.Errorf("Times(%v) = %q, want %q", tt.ratio, got, tt.want)
		}
	}
}
