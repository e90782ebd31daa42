package schema

import (
	"errors"
	"reflect"
	"testing"
)

func TestSelectionScopes(t *testing.T) {
	server := []string{"mysql", "information_schema", "shop", "shop_eu", "crm", "my.db"}
	for _, tt := range []struct {
		name   string
		sel    Selection
		want   []string
		listed bool // the server's schemas were needed
	}{
		{"default schema", Selection{DefaultSchema: "shop"}, []string{"shop.*"}, false},
		{"literal tables", Selection{Include: []string{"shop.orders", "shop.items", "crm.users"}},
			[]string{"crm.users", "shop.items", "shop.orders"}, false},
		{"literal under the default schema", Selection{DefaultSchema: "shop", Include: []string{"orders"}},
			[]string{"shop.orders"}, false},
		{"table pattern reads the schema", Selection{Include: []string{"shop.order*"}}, []string{"shop.*"}, false},
		{"a schema read whole takes its literals", Selection{Include: []string{"shop.orders", "shop.*", "crm.users"}},
			[]string{"crm.users", "shop.*"}, false},
		{"a literal named twice is read once", Selection{Include: []string{"shop.orders", "shop.orders"}},
			[]string{"shop.orders"}, false},
		{"schema pattern", Selection{Include: []string{"shop*.orders"}},
			[]string{"shop.orders", "shop_eu.orders"}, true},
		{"every schema but the system ones", Selection{Include: []string{"*.*"}},
			[]string{"crm.*", "my.db.*", "shop.*", "shop_eu.*"}, true},
		{"quoted schema", Selection{Include: []string{"`my.db`.t"}}, []string{"my.db.t"}, false},
		{"system schema named", Selection{Include: []string{"mysql.user"}}, nil, false},
		{"escaped pattern is a pattern", Selection{Include: []string{`shop\_eu.t`}}, []string{"shop_eu.t"}, true},
		{"class", Selection{Include: []string{"[cs]*.t*"}}, []string{"crm.*", "shop.*", "shop_eu.*"}, true},
		{"excludes do not narrow the lookups", Selection{DefaultSchema: "shop", Exclude: []string{"tmp_*"}}, []string{"shop.*"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			listed := false
			scopes, err := tt.sel.scopes(func() ([]string, error) { listed = true; return server, nil })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range scopes {
				got = append(got, s.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("scopes = %q, want %q", got, tt.want)
			}
			if listed != tt.listed {
				t.Errorf("listed the schemas: %v, want %v", listed, tt.listed)
			}
		})
	}
	t.Run("listing fails", func(t *testing.T) {
		boom := errors.New("boom")
		if _, err := (Selection{Include: []string{"*.t"}}).scopes(func() ([]string, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Errorf("err = %v, want %v", err, boom)
		}
	})
}

func TestScopeWhere(t *testing.T) {
	for _, tt := range []struct {
		s     scope
		where string
		args  []any
	}{
		{scope{schema: "shop"}, "S = ?", []any{"shop"}},
		{scope{schema: "shop", table: "orders"}, "S = ? AND T = ?", []any{"shop", "orders"}},
	} {
		where, args := tt.s.where("S", "T")
		if where != tt.where || !reflect.DeepEqual(args, tt.args) {
			t.Errorf("%v: where = %q %v, want %q %v", tt.s, where, args, tt.where, tt.args)
		}
	}
	for _, tt := range []struct {
		s    scope
		r    Ref
		want bool
	}{
		{scope{schema: "shop"}, Ref{"shop", "orders"}, true},
		{scope{schema: "shop"}, Ref{"crm", "orders"}, false},
		{scope{schema: "shop", table: "orders"}, Ref{"shop", "orders"}, true},
		{scope{schema: "shop", table: "orders"}, Ref{"shop", "items"}, false},
	} {
		if got := tt.s.holds(tt.r); got != tt.want {
			t.Errorf("%v holds %v = %v, want %v", tt.s, tt.r, got, tt.want)
		}
	}
}
