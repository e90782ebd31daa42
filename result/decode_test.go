package result

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/bench"
)

func TestDecodeBenchRecord(t *testing.T) {
	doc := `{"schema_version":1,"command":"bench","parity_version":"v1","status":"ok","started":"2026-11-22T01:00:00Z",
		"targets":[{"label":"new","endpoint":"app@db:3306/shop","server":{"flavor":"mysql","version":"9.7.4"}}],
		"cells":[{"target":"new","scenario":"full-scan","table":"shop.orders",
			"settings":[{"name":"sort_buffer_size","value":"2M"}],
			"runs":[{"round":0,"warmup":true,"seconds":9},{"round":1,"seconds":1.5},{"round":2,"seconds":1.25}],
			"stats":{"n":2,"median":1.375}}]}`
	rec, err := DecodeBenchRecord(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := bench.RecordCell{Target: "new", Scenario: "full-scan", Table: "shop.orders", Settings: "sort_buffer_size=2M",
		Samples: []float64{1.5, 1.25}, Median: 1.375, CIPercent: 0.125 / 1.375 * 100}
	if len(rec.Cells) != 1 || !reflect.DeepEqual(rec.Cells[0], want) {
		t.Errorf("cells %+v\nwant %+v", rec.Cells, want)
	}
	if rec.Cells[0].Key() != "new | full-scan shop.orders | sort_buffer_size=2M" {
		t.Errorf("key %q", rec.Cells[0].Key())
	}
	for _, bad := range []string{`{"command":"verify","tables":[]}`, `[1,2]`, `{"schema_version":99,"command":"bench","cells":[]}`} {
		if _, err := DecodeBenchRecord(strings.NewReader(bad)); err == nil {
			t.Errorf("DecodeBenchRecord(%s) succeeded", bad)
		}
	}
}
