package bench

import (
	"reflect"
	"testing"
)

func TestRows(t *testing.T) {
	small := Settings{{Name: "sort_buffer_size", Value: "256K"}}
	big := Settings{{Name: "sort_buffer_size", Value: "2M"}}
	oldSmall := &Cell{Target: "old", Scenario: "full-scan", Table: "shop.t", Settings: small}
	oldBig := &Cell{Target: "old", Scenario: "full-scan", Table: "shop.t", Settings: big}
	newSmall := &Cell{Target: "new", Scenario: "full-scan", Table: "shop.t", Settings: small}
	stray := &Cell{Target: "gone", Scenario: "full-scan", Table: "shop.t", Settings: small}
	targets := []*TargetInfo{{Label: "old"}, {Label: "new"}}
	for _, tt := range []struct {
		name string
		r    Result
		want []GridRow
	}{
		{"empty", Result{Targets: targets}, nil},
		{"one target", Result{Targets: targets[:1], Cells: []*Cell{oldSmall, oldBig}},
			[]GridRow{{First: oldSmall, Cells: []*Cell{oldSmall}}, {First: oldBig, Cells: []*Cell{oldBig}}}},
		{"a target missing a row", Result{Targets: targets, Cells: []*Cell{oldSmall, oldBig, newSmall}},
			[]GridRow{{First: oldSmall, Cells: []*Cell{oldSmall, newSmall}}, {First: oldBig, Cells: []*Cell{oldBig, nil}}}},
		{"row first seen on the second target", Result{Targets: targets, Cells: []*Cell{newSmall, oldSmall}},
			[]GridRow{{First: newSmall, Cells: []*Cell{oldSmall, newSmall}}}},
		{"cell of an unknown target", Result{Targets: targets, Cells: []*Cell{stray, oldSmall}},
			[]GridRow{{First: stray, Cells: []*Cell{oldSmall, nil}}}},
	} {
		if got := tt.r.Rows(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Rows() = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
