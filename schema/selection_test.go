package schema_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
)

// A schema whose name holds a dot is written in backquotes.
func TestSelectionQuotedSchema(t *testing.T) {
	sel := schema.Selection{Include: []string{"`my.db`.t*", "`we``ird`.x"}}
	for _, r := range []schema.Ref{{Schema: "my.db", Name: "t/1"}, {Schema: "we`ird", Name: "x"}} {
		if !sel.Matches(r) {
			t.Errorf("%v not selected", r)
		}
	}
	if sel.Matches(schema.Ref{Schema: "my", Name: "db.t1"}) {
		t.Error("`my.db`.t* selected my.db.t1 split at the first dot")
	}
	if err := sel.Validate(); err != nil {
		t.Error(err)
	}
}

func TestSelectionMatches(t *testing.T) {
	ref := func(s string) schema.Ref {
		db, tbl, _ := strings.Cut(s, ".")
		return schema.Ref{Schema: db, Name: tbl}
	}
	tests := []struct {
		name string
		sel  schema.Selection
		yes  []string
		no   []string
	}{
		{
			name: "default schema, everything",
			sel:  schema.Selection{DefaultSchema: "shop"},
			yes:  []string{"shop.orders", "shop.a.b"},
			no:   []string{"crm.orders", "shopx.orders", "Shop.orders"},
		},
		{
			name: "pattern without dot names the default schema",
			sel:  schema.Selection{DefaultSchema: "shop", Include: []string{"order*"}},
			yes:  []string{"shop.orders", "shop.order_items"},
			no:   []string{"shop.customers", "crm.orders"},
		},
		{
			name: "globs on both sides",
			sel:  schema.Selection{Include: []string{"shop_*.order?", "crm.[a-c]*"}},
			yes:  []string{"shop_eu.orders", "shop_us.orderx", "crm.accounts", "crm.contacts"},
			no:   []string{"shop_eu.order", "shop.orders", "crm.deals", "shop_eu.orders2"},
		},
		{
			name: "names with slashes, dots and spaces",
			sel:  schema.Selection{DefaultSchema: "shop"},
			yes:  []string{"shop.a/b.c", "shop.a b", "shop.x.y/z"},
		},
		{
			name: "globs cross slashes and dots",
			sel:  schema.Selection{Include: []string{"shop.*", "crm.a*"}},
			yes:  []string{"shop.a/b.c", "crm.a/b.c", "crm.a.b"},
			no:   []string{"crm.b/a"},
		},
		{
			name: "star dot star",
			sel:  schema.Selection{Include: []string{"*.*"}},
			yes:  []string{"shop.orders", "crm.x"},
			no:   []string{"mysql.user", "information_schema.TABLES", "performance_schema.threads", "sys.version", "MySQL.user", "SYS.x"},
		},
		{
			name: "system schemas never match, even by name",
			sel:  schema.Selection{Include: []string{"mysql.user", "sys.*", "information_schema.*"}},
			no:   []string{"mysql.user", "sys.version", "information_schema.TABLES"},
		},
		{
			name: "system default schema matches nothing",
			sel:  schema.Selection{DefaultSchema: "mysql"},
			no:   []string{"mysql.user", "mysql.db"},
		},
		{
			name: "exclude",
			sel:  schema.Selection{Include: []string{"shop.*"}, Exclude: []string{"shop.tmp_*", "shop.audit_log"}},
			yes:  []string{"shop.orders", "shop.audit"},
			no:   []string{"shop.tmp_1", "shop.audit_log"},
		},
		{
			name: "exclude without dot names the default schema",
			sel:  schema.Selection{DefaultSchema: "shop", Include: []string{"*.*"}, Exclude: []string{"tmp_*"}},
			yes:  []string{"shop.orders", "crm.tmp_1"},
			no:   []string{"shop.tmp_1"},
		},
		{
			name: "exclude wins over literal include",
			sel:  schema.Selection{Include: []string{"shop.orders"}, Exclude: []string{"shop.orders"}},
			no:   []string{"shop.orders"},
		},
		{
			name: "case sensitive like table names on Linux",
			sel:  schema.Selection{Include: []string{"shop.Orders"}},
			yes:  []string{"shop.Orders"},
			no:   []string{"shop.orders"},
		},
		{
			name: "invalid pattern matches nothing",
			sel:  schema.Selection{Include: []string{"shop.["}},
			no:   []string{"shop.[", "shop.x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range tt.yes {
				if !tt.sel.Matches(ref(r)) {
					t.Errorf("%+v does not match %s", tt.sel, r)
				}
			}
			for _, r := range tt.no {
				if tt.sel.Matches(ref(r)) {
					t.Errorf("%+v matches %s", tt.sel, r)
				}
			}
		})
	}
}

func TestSelectionValidate(t *testing.T) {
	tests := []struct {
		name    string
		sel     schema.Selection
		wantErr string
	}{
		{"default schema", schema.Selection{DefaultSchema: "shop"}, ""},
		{"include with dots", schema.Selection{Include: []string{"shop.*", "crm.accounts"}}, ""},
		{"include without dot and default schema", schema.Selection{DefaultSchema: "shop", Include: []string{"orders"}}, ""},
		{"classes and escapes", schema.Selection{Include: []string{"shop.[a-c]*", `shop.a\*b`}}, ""},
		{"nothing selected", schema.Selection{}, "no tables selected"},
		{"only exclude", schema.Selection{Exclude: []string{"shop.tmp"}}, "no tables selected"},
		{"include without dot nor default schema", schema.Selection{Include: []string{"orders"}}, `"orders" has no database`},
		{"exclude without dot nor default schema", schema.Selection{Include: []string{"shop.*"}, Exclude: []string{"tmp_*"}}, `"tmp_*" has no database`},
		{"empty database part", schema.Selection{DefaultSchema: "shop", Include: []string{".orders"}}, `".orders" has no database`},
		{"bad table pattern", schema.Selection{Include: []string{"db.["}}, `table pattern "db.["`},
		{"bad database pattern", schema.Selection{Include: []string{"d[b.t"}}, `table pattern "d[b.t"`},
		{"bad exclude pattern", schema.Selection{DefaultSchema: "shop", Exclude: []string{"shop.a[-"}}, `table pattern "shop.a[-"`},
		{"trailing escape", schema.Selection{Include: []string{`shop.a\`}}, `table pattern`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sel.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSelectionLiterals(t *testing.T) {
	tests := []struct {
		sel  schema.Selection
		want []schema.Ref
	}{
		{schema.Selection{DefaultSchema: "shop"}, nil},
		{schema.Selection{Include: []string{"shop.orders"}}, []schema.Ref{{Schema: "shop", Name: "orders"}}},
		{
			schema.Selection{DefaultSchema: "shop", Include: []string{"orders", "crm.*", "crm.acc?", "crm.[ab]", "crm.accounts"}, Exclude: []string{"shop.x"}},
			[]schema.Ref{{Schema: "shop", Name: "orders"}, {Schema: "crm", Name: "accounts"}},
		},
		{schema.Selection{Include: []string{"s*.orders"}}, nil},
	}
	for _, tt := range tests {
		if got := tt.sel.Literals(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v.Literals() = %v, want %v", tt.sel, got, tt.want)
		}
	}
}

func TestParsePatterns(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"shop.*", []string{"shop.*"}},
		{" shop.orders , crm.* ,,orders ", []string{"shop.orders", "crm.*", "orders"}},
	}
	for _, tt := range tests {
		if got := schema.ParsePatterns(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParsePatterns(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsSystemSchema(t *testing.T) {
	for _, s := range []string{"mysql", "information_schema", "performance_schema", "sys", "MYSQL", "Information_Schema"} {
		if !schema.IsSystemSchema(s) {
			t.Errorf("IsSystemSchema(%q) = false", s)
		}
	}
	for _, s := range []string{"shop", "mysql2", "sysdb", ""} {
		if schema.IsSystemSchema(s) {
			t.Errorf("IsSystemSchema(%q) = true", s)
		}
	}
}
