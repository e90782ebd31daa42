package bench

import (
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestParseScenario(t *testing.T) {
	tests := []struct {
		in      string
		want    Scenario
		wantErr string
	}{
		{in: "full-scan", want: Scenario{Name: "full-scan", Kind: FullScan}},
		{in: " Full-Scan ", want: Scenario{Name: "Full-Scan", Kind: FullScan}},
		{in: "buffered-scan", want: Scenario{Name: "buffered-scan", Kind: BufferedScan}},
		{in: "extract", want: Scenario{Name: "extract", Kind: Extract}},
		{in: "order-by:created_at", want: Scenario{Name: "order-by:created_at", Kind: OrderBy, Column: "created_at"}},
		{in: "order-by:created_at:desc", want: Scenario{Name: "order-by:created_at:desc", Kind: OrderBy, Column: "created_at", Desc: true}},
		{in: "order-by:created_at:DESC", want: Scenario{Name: "order-by:created_at:DESC", Kind: OrderBy, Column: "created_at", Desc: true}},
		{in: "order-by:created_at:asc", want: Scenario{Name: "order-by:created_at:asc", Kind: OrderBy, Column: "created_at"}},
		{in: "order-by:desc", want: Scenario{Name: "order-by:desc", Kind: OrderBy, Column: "desc"}},
		{in: "order-by:a:b", want: Scenario{Name: "order-by:a:b", Kind: OrderBy, Column: "a:b"}},
		{in: "order-by:a:b:desc", want: Scenario{Name: "order-by:a:b:desc", Kind: OrderBy, Column: "a:b", Desc: true}},
		{in: "order-by: total :desc", want: Scenario{Name: "order-by: total :desc", Kind: OrderBy, Column: "total", Desc: true}},
		{in: "order-by:we`ird col", want: Scenario{Name: "order-by:we`ird col", Kind: OrderBy, Column: "we`ird col"}},
		{in: "group-by:status", want: Scenario{Name: "group-by:status", Kind: GroupBy, Column: "status"}},
		{in: "group-by:a:b", want: Scenario{Name: "group-by:a:b", Kind: GroupBy, Column: "a:b"}},
		{in: "distinct:customer_id", want: Scenario{Name: "distinct:customer_id", Kind: Distinct, Column: "customer_id"}},
		{in: "", wantErr: `unknown scenario "" (want full-scan, buffered-scan, order-by:COL, order-by:COL:desc, group-by:COL, distinct:COL or extract)`},
		{in: "query", wantErr: `unknown scenario "query"`},
		{in: "sort:x", wantErr: `unknown scenario "sort:x" (want full-scan,`},
		{in: "full-scan:x", wantErr: `scenario "full-scan:x": full-scan takes no column (want full-scan,`},
		{in: "extract:", wantErr: "extract takes no column"},
		{in: "order-by", wantErr: `scenario "order-by": order-by needs a column, as in order-by:created_at (want full-scan,`},
		{in: "order-by:", wantErr: "order-by needs a column"},
		{in: "order-by: ", wantErr: "order-by needs a column"},
		{in: "order-by::desc", wantErr: "order-by needs a column"},
		{in: "distinct", wantErr: "distinct needs a column"},
		{in: "group-by:status:desc", wantErr: `scenario "group-by:status:desc": only order-by takes :desc`},
		{in: "distinct:status:asc", wantErr: "only order-by takes :asc"},
	}
	for _, tc := range tests {
		got, err := ParseScenario(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseScenario(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseScenario(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseScenario(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestScenarioQuery(t *testing.T) {
	orders := schema.Ref{Schema: "shop", Name: "orders"}
	odd := schema.Ref{Schema: "my`db", Name: "ta`ble"}
	tests := []struct {
		scenario Scenario
		table    schema.Ref
		want     string
	}{
		{Scenario{Kind: FullScan}, orders, "SELECT * FROM `shop`.`orders`"},
		{Scenario{Kind: FullScan}, odd, "SELECT * FROM `my``db`.`ta``ble`"},
		{Scenario{Kind: FullScan}, schema.Ref{Name: "orders"}, "SELECT * FROM `orders`"},
		{Scenario{Kind: BufferedScan}, orders, "SELECT SQL_BUFFER_RESULT * FROM `shop`.`orders`"},
		{Scenario{Kind: OrderBy, Column: "created_at"}, orders, "SELECT t.* FROM `shop`.`orders` AS t ORDER BY t.`created_at`"},
		{Scenario{Kind: OrderBy, Column: "created_at", Desc: true}, orders, "SELECT t.* FROM `shop`.`orders` AS t ORDER BY t.`created_at` DESC"},
		{Scenario{Kind: OrderBy, Column: "a`b", Desc: true}, odd, "SELECT t.* FROM `my``db`.`ta``ble` AS t ORDER BY t.`a``b` DESC"},
		{Scenario{Kind: GroupBy, Column: "status"}, orders, "SELECT t.`status`, COUNT(*) FROM `shop`.`orders` AS t GROUP BY t.`status`"},
		{Scenario{Kind: GroupBy, Column: "st`atus"}, odd, "SELECT t.`st``atus`, COUNT(*) FROM `my``db`.`ta``ble` AS t GROUP BY t.`st``atus`"},
		{Scenario{Kind: Distinct, Column: "customer_id"}, orders, "SELECT DISTINCT t.`customer_id` FROM `shop`.`orders` AS t"},
		{Scenario{Kind: Distinct, Column: "`"}, odd, "SELECT DISTINCT t.```` FROM `my``db`.`ta``ble` AS t"},
		{Scenario{Kind: Extract}, orders, ""},
		{Scenario{Name: "recent", Kind: Custom}, orders, ""},
	}
	for _, tc := range tests {
		if got := tc.scenario.Query(tc.table); got != tc.want {
			t.Errorf("%+v.Query(%s):\n got %s\nwant %s", tc.scenario, tc.table, got, tc.want)
		}
	}
}

func TestParsedScenarioQuery(t *testing.T) {
	sc, err := ParseScenario("order-by:created_at:desc")
	if err != nil {
		t.Fatal(err)
	}
	got := sc.Query(schema.Ref{Schema: "shop", Name: "orders"})
	want := "SELECT t.* FROM `shop`.`orders` AS t ORDER BY t.`created_at` DESC"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
