package verify

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

func tablesNamed(names ...string) []*schema.Table {
	var out []*schema.Table
	for _, n := range names {
		db, name, _ := strings.Cut(n, ".")
		out = append(out, &schema.Table{Schema: db, Name: name})
	}
	return out
}

func tableNames(tables []*schema.Table) []string {
	var out []string
	for _, t := range tables {
		out = append(out, t.String())
	}
	slices.Sort(out)
	return out
}

func TestTargetSchemas(t *testing.T) {
	renamed, err := ParseMapping([]string{"shop.*=shop_v2.*", "crm.users=auth.users"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		m    Mapping
		src  []string
		want []string
	}{
		{"same names", Mapping{}, []string{"shop.orders", "shop.items", "crm.users"}, []string{"crm.*", "shop.*"}},
		{"renamed", renamed, []string{"shop.orders", "crm.users", "crm.notes"}, []string{"auth.*", "crm.*", "shop_v2.*"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := targetSchemas(tablesNamed(tt.src...), tt.m).Include; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("targetSchemas(%v) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}

func TestMappedFrom(t *testing.T) {
	renamed, err := ParseMapping([]string{"shop.*=shop_v2.*"})
	if err != nil {
		t.Fatal(err)
	}
	sel := schema.Selection{Include: []string{"shop.*"}, Exclude: []string{"shop.tmp_*"}}
	for _, tt := range []struct {
		name     string
		m        Mapping
		tgt      []string
		want     []string
		selected schema.Selection
	}{
		{"same names", Mapping{}, []string{"shop.orders", "shop.tmp_load", "shop.extra", "crm.users"},
			[]string{"shop.extra", "shop.orders"}, sel},
		// shop.orders on the target is no source table's target (shop's
		// tables are in shop_v2 there): kept, to be reported as extra.
		{"renamed", renamed, []string{"shop_v2.orders", "shop_v2.tmp_load", "shop_v2.extra", "shop.orders"},
			[]string{"shop.orders", "shop_v2.extra", "shop_v2.orders"}, sel},
		{"default schema", Mapping{}, []string{"shop.orders", "crm.users"}, []string{"shop.orders"},
			schema.Selection{DefaultSchema: "shop"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tableNames(mappedFrom(tablesNamed(tt.tgt...), tt.selected, tt.m)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mappedFrom(%v) = %v, want %v", tt.tgt, got, tt.want)
			}
		})
	}
}

// TestInspectRetried: a connection lost while either side's tables are
// listed is replaced and the listing read again, with a notice.
func TestInspectRetried(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p := samePair(t, s, "inspect")
		testbed.Exec(t, p.src, "CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE skipped (id INT PRIMARY KEY)")
		testbed.Exec(t, p.tgt, "CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE skipped (id INT PRIMARY KEY)",
			"CREATE TABLE extra (id INT PRIMARY KEY)")
		m, err := ParseMapping([]string{p.srcDB + ".*=" + p.tgtDB + ".*"})
		if err != nil {
			t.Fatal(err)
		}
		var notices []string
		o := Options{Mapping: m, Retry: conn.Retry{Retries: 2, Base: time.Millisecond},
			Notify: func(n string) { notices = append(notices, n) }}
		src, tgt, err := Inspect(context.Background(), testbed.Flaky(t, p.src, 1), testbed.Flaky(t, p.tgt, 1),
			schema.Selection{Exclude: []string{"skipped"}}, o)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tableNames(src), []string{p.srcDB + ".orders"}; !reflect.DeepEqual(got, want) {
			t.Errorf("source tables %v, want %v", got, want)
		}
		if got, want := tableNames(tgt), []string{p.tgtDB + ".extra", p.tgtDB + ".orders"}; !reflect.DeepEqual(got, want) {
			t.Errorf("target tables %v, want %v", got, want)
		}
		if len(notices) != 2 || !strings.HasPrefix(notices[0], "read source tables failed (attempt 1 of 3): ") ||
			!strings.HasPrefix(notices[1], "read target tables failed (attempt 1 of 3): ") {
			t.Errorf("notices %q, want one retry on each side", notices)
		}
	})
}
