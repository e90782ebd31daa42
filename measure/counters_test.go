package measure

import (
	"reflect"
	"testing"
)

func TestDelta(t *testing.T) {
	before := map[string]int64{"Sort_rows": 10, "Created_tmp_tables": 5, "Select_scan": 3}
	after := map[string]int64{"Sort_rows": 30, "Created_tmp_tables": 7, "Select_scan": 3}
	overhead := map[string]int64{"Created_tmp_tables": 1, "Select_scan": 1}
	got := Delta(before, after, overhead)
	want := map[string]int64{"Sort_rows": 20, "Created_tmp_tables": 1, "Select_scan": 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("delta = %v, want %v", got, want)
	}
	if Delta(nil, after, nil) != nil {
		t.Error("delta without a before should be nil")
	}
}
