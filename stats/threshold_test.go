package stats

import (
	"encoding/json"
	"testing"
)

func TestThresholdPercent(t *testing.T) {
	for _, tt := range []struct {
		percent float64
		json    string
	}{
		{0, "0"}, {10, "10"}, {12.5, "12.5"}, {7, "7"}, {3.3, "3.3"}, {33.33, "33.33"}, {200, "200"},
	} {
		th := Threshold(tt.percent / 100)
		if got := th.Percent(); got != tt.percent {
			t.Errorf("Threshold(%g).Percent() = %v, want %v", float64(th), got, tt.percent)
		}
		data, err := json.Marshal(th)
		if err != nil || string(data) != tt.json {
			t.Errorf("Marshal(Threshold(%g)) = %s, %v; want %s", float64(th), data, err, tt.json)
		}
		var back Threshold
		if err := json.Unmarshal(data, &back); err != nil || back != th {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", data, back, err, th)
		}
	}
}
