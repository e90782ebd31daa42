package extract

import "testing"

func TestBlockerString(t *testing.T) {
	tests := []struct {
		b    blocker
		want string
	}{
		{blocker{ID: 57, User: "app", Host: "10.0.0.5:51234", Command: "Query", Seconds: 12, Statement: "UPDATE orders SET x = 1", Table: "shop.orders"},
			"connection 57 (app@10.0.0.5:51234) holds a write lock on shop.orders: running for 12 s: UPDATE orders SET x = 1"},
		{blocker{ID: 61, User: "app", Host: "10.0.0.5:51240", Command: "Sleep", Seconds: 340, Table: "shop.orders"},
			"connection 61 (app@10.0.0.5:51240) holds a write lock on shop.orders: idle for 340 s in a transaction that changed it"},
		{blocker{ID: 61, User: "app", Host: "h", Command: "Sleep", Seconds: 340},
			"connection 61 (app@h) has an open transaction that changed rows: idle for 340 s"},
	}
	for _, tt := range tests {
		if got := tt.b.String(); got != tt.want {
			t.Errorf("String() = %q\nwant       %q", got, tt.want)
		}
	}
}
