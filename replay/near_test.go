package replay

import "testing"

func TestCloseFloats(t *testing.T) {
	tests := []struct {
		x, y   string
		digits int
		want   bool
	}{
		// One SUM over the same rows in two orders: they round to
		// different 15-digit values, and are one value.
		{"95954.45199999993", "95954.45199999996", 15, true},
		{"0.30000000000000004", "0.3", 15, true},
		{"1e20", "100000000000000000000", 15, true},
		{"-2.5", "-2.5000000000000004", 15, true},
		{"95954.452", "95954.453", 15, false},
		{"1.00000000000001", "1.00000000000003", 15, false},
		{"1", "-1", 15, false},
		{"5.551115123125783e-17", "0", 15, false},
		{"3.3", "3.2999999", 6, true},
		{"3.3", "3.30001", 6, false},
		{"abc", "abc", 15, true},
		{"abc", "abd", 15, false},
	}
	for _, tt := range tests {
		if got := closeFloats([]byte(tt.x), []byte(tt.y), tt.digits); got != tt.want {
			t.Errorf("closeFloats(%s, %s, %d) = %v, want %v", tt.x, tt.y, tt.digits, got, tt.want)
		}
	}
}

func TestNearlyEqual(t *testing.T) {
	forms := []form{formRaw, formFloat, formNumber}
	row := func(vals ...any) fetched {
		f := fetched{}
		for _, v := range vals {
			if v == nil {
				f.values = append(f.values, nil)
			} else {
				f.values = append(f.values, []byte(v.(string)))
			}
		}
		return f
	}
	tests := []struct {
		name    string
		a, b    []fetched
		ok      bool
		example [2]string
	}{
		{"last digits", []fetched{row("a", "95954.45199999993", "1.50")}, []fetched{row("a", "95954.45199999996", "1.5000")},
			true, [2]string{"95954.45199999993", "95954.45199999996"}},
		{"paired across order", []fetched{row("a", "0.30000000000000004", "1"), row("b", "2", "2")},
			[]fetched{row("b", "2.0000000000000004", "2"), row("a", "0.3", "1")}, true,
			[2]string{"0.30000000000000004", "0.3"}},
		{"another key", []fetched{row("a", "0.30000000000000004", "1")}, []fetched{row("b", "0.3", "1")}, false, [2]string{}},
		{"another decimal", []fetched{row("a", "0.30000000000000004", "1")}, []fetched{row("a", "0.3", "2")}, false, [2]string{}},
		{"a real change", []fetched{row("a", "95954.452", "1")}, []fetched{row("a", "95954.462", "1")}, false, [2]string{}},
		{"NULL against a value", []fetched{row("a", nil, "1")}, []fetched{row("a", "0", "1")}, false, [2]string{}},
		{"rows missing", []fetched{row("a", "1", "1")}, nil, false, [2]string{}},
		{"a row paired once", []fetched{row("a", "0.30000000000000004", "1"), row("a", "0.30000000000000004", "1")},
			[]fetched{row("a", "0.3", "1"), row("c", "0.3", "1")}, false, [2]string{}},
	}
	for _, tt := range tests {
		example, ok := nearlyEqual(tt.a, tt.b, forms)
		if ok != tt.ok || example != tt.example {
			t.Errorf("%s: nearlyEqual = %q, %v, want %q, %v", tt.name, example, ok, tt.example, tt.ok)
		}
	}
}
