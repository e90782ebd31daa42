package verify_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/verify"
)

func TestParseMapping(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    string // String() of the result
		wantErr string // substring; "" for success
	}{
		{name: "whole schema", values: []string{"olddb.*=newdb.*"}, want: "olddb.*=newdb.*"},
		{name: "schema alone means db.*", values: []string{"olddb=newdb"}, want: "olddb.*=newdb.*"},
		{name: "one table", values: []string{"olddb.orders=newdb.orders_v2"}, want: "olddb.orders=newdb.orders_v2"},
		{name: "prefix", values: []string{"shop.tmp_*=shop.old_*"}, want: "shop.tmp_*=shop.old_*"},
		{name: "whitespace around tokens", values: []string{"  olddb . orders =  newdb . o  "}, want: "olddb.orders=newdb.o"},
		{name: "several per value and repeated", values: []string{"a.*=b.*, c.t=d.t", " e = f "}, want: "a.*=b.*,c.t=d.t,e.*=f.*"},
		{name: "blanks dropped", values: []string{"", " , ", "a=b,"}, want: "a.*=b.*"},
		{name: "nothing", values: nil, want: ""},
		{name: "case kept", values: []string{"Shop.Orders=shop.orders"}, want: "Shop.Orders=shop.orders"},
		{name: "backquoted dot", values: []string{"`my.db`.t=db2.t"}, want: "`my.db`.t=db2.t"},
		{name: "backquoted comma and equals", values: []string{"`a,b`.t=`x=y`.t"}, want: "`a,b`.t=`x=y`.t"},
		{name: "doubled backquote", values: []string{"`we``ird`.t=x.t"}, want: "`we``ird`.t=x.t"},
		{name: "backquoted prefix", values: []string{"db.`t.`*=db.u_*"}, want: "db.`t.`*=db.u_*"},
		{name: "backquoted plain names lose quotes", values: []string{"`db`.`t`=`db2`.t"}, want: "db.t=db2.t"},
		{name: "backquoted star is a name", values: []string{"db.`*`=db2.`*`"}, want: "db.`*`=db2.`*`"},
		{name: "bare name with odd characters", values: []string{"my-db.t=db2.t"}, want: "`my-db`.t=db2.t"},
		{name: "narrow rule before wide", values: []string{"a.t=c.t,a.*=b.*"}, want: "a.t=c.t,a.*=b.*"},
		{name: "longer prefix before shorter", values: []string{"a.t_x*=c.x*,a.t_*=b.t_*"}, want: "a.t_x*=c.x*,a.t_*=b.t_*"},
		{name: "exact table then its prefix", values: []string{"a.t=c.t,a.t*=b.t*"}, want: "a.t=c.t,a.t*=b.t*"},

		{name: "empty source side", values: []string{"=newdb.*"}, wantErr: `map rule "=newdb.*": the source side (left of '=') is empty`},
		{name: "empty target side", values: []string{"olddb.* = "}, wantErr: `map rule "olddb.* =": the target side (right of '=') is empty`},
		{name: "no equals", values: []string{"olddb.*"}, wantErr: `map rule "olddb.*": want source=target`},
		{name: "two equals", values: []string{"a=b=c"}, wantErr: "more than one '='"},
		{name: "star on the left only", values: []string{"olddb.*=newdb.t"}, wantErr: "'*' on one side only"},
		{name: "star on the right only", values: []string{"olddb.t=newdb.t_*"}, wantErr: "'*' on one side only"},
		{name: "schema alone against a table", values: []string{"olddb=newdb.t"}, wantErr: "'*' on one side only"},
		{name: "star inside table", values: []string{"db.t*x=db.u*"}, wantErr: `"t*x": '*' may only end the table name`},
		{name: "star inside schema", values: []string{"d*b.t=x.t"}, wantErr: "'*' may only end the table name"},
		{name: "star ending schema", values: []string{"db*.t=x.t"}, wantErr: "'*' in the schema name"},
		{name: "star star", values: []string{"*.*=x.*"}, wantErr: "'*' in the schema name"},
		{name: "two stars", values: []string{"db.t**=db.u**"}, wantErr: "'*' may only end the table name"},
		{name: "star after backquoted schema", values: []string{"`db`*=x"}, wantErr: "'*' in the schema name"},
		{name: "same left side twice", values: []string{"a.*=b.*", "a=c"}, wantErr: `map rule "a=c": a.* is already mapped by rule "a.*=b.*"`},
		{name: "same table twice", values: []string{"a.t=b.t,a.t=c.t"}, wantErr: "already mapped"},
		{name: "shadowed by whole schema", values: []string{"a.*=b.*,a.t=c.t"}, wantErr: `map rule "a.t=c.t" never applies: the earlier rule "a.*=b.*" already maps a.t`},
		{name: "shadowed by prefix", values: []string{"a.t_*=b.t_*,a.t_x*=c.x*"}, wantErr: "never applies"},
		{name: "unterminated backquote", values: []string{"`a.t=b.t"}, wantErr: "unterminated backquote"},
		{name: "unterminated backquote hides a comma", values: []string{"a.t=b.t,`c.t=d.t"}, wantErr: `map rules "a.t=b.t,` + "`" + `c.t=d.t": unterminated backquote`},
		{name: "too many dots", values: []string{"a.b.c=x.y"}, wantErr: `"a.b.c" has more than one dot`},
		{name: "empty table", values: []string{"a.=b.c"}, wantErr: "empty table name"},
		{name: "empty schema", values: []string{".t=b.t"}, wantErr: "empty schema name"},
		{name: "empty quoted schema", values: []string{"``.t=b.t"}, wantErr: "empty schema name"},
		{name: "text after backquote", values: []string{"`a`x.t=b.t"}, wantErr: `unexpected "x" after the closing backquote`},
		{name: "backquote inside bare name", values: []string{"a`b`c.t=c.t"}, wantErr: "backquote inside a bare name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := verify.ParseMapping(tt.values)
			switch {
			case tt.wantErr != "" && err == nil:
				t.Fatalf("ParseMapping(%q) = %q, want error containing %q", tt.values, m, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("ParseMapping(%q) error = %q, want it to contain %q", tt.values, err, tt.wantErr)
			case tt.wantErr == "" && err != nil:
				t.Fatalf("ParseMapping(%q) error = %v", tt.values, err)
			case tt.wantErr == "" && m.String() != tt.want:
				t.Fatalf("ParseMapping(%q) = %q, want %q", tt.values, m, tt.want)
			}
		})
	}
}

func ref(s string) schema.Ref {
	db, tbl, _ := strings.Cut(s, "|")
	return schema.Ref{Schema: db, Name: tbl}
}

func TestMappingTarget(t *testing.T) {
	m, err := verify.ParseMapping([]string{"olddb.special=archive.special_v1, olddb.*=newdb.*", "shop.tmp_*=shop.old_*", "crm.users=crm.accounts", "`a.b`.t=c.t"})
	if err != nil {
		t.Fatal(err)
	}
	// Refs are written schema|table so names may hold dots.
	tests := []struct{ src, want string }{
		{"olddb|orders", "newdb|orders"},
		{"olddb|special", "archive|special_v1"},
		{"olddb|special2", "newdb|special2"},
		{"Olddb|orders", "Olddb|orders"}, // case-sensitive
		{"shop|tmp_1", "shop|old_1"},
		{"shop|tmp_", "shop|old_"},
		{"shop|tmp", "shop|tmp"},
		{"shop|orders", "shop|orders"},
		{"crm|users", "crm|accounts"},
		{"crm|users2", "crm|users2"},
		{"a.b|t", "c|t"},
		{"a|b.t", "a|b.t"},
		{"other|x", "other|x"},
	}
	for _, tt := range tests {
		if got := m.Target(ref(tt.src)); got != ref(tt.want) {
			t.Errorf("Target(%s) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestMappingSource(t *testing.T) {
	m, err := verify.ParseMapping([]string{"olddb.special=archive.special_v1,olddb.*=newdb.*,shop.tmp_*=shop.old_*,crm.users=crm.accounts"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		tgt, want string
		ok        bool
	}{
		{"newdb|orders", "olddb|orders", true},
		{"archive|special_v1", "olddb|special", true},
		{"newdb|special", "newdb|special", true}, // not olddb.special, which maps elsewhere
		{"olddb|orders", "", false},              // olddb.orders maps to newdb.orders
		{"shop|old_1", "shop|tmp_1", true},
		{"shop|tmp_1", "", false}, // renamed away
		{"shop|orders", "shop|orders", true},
		{"crm|accounts", "crm|users", true},
		{"crm|users", "", false},
		{"other|x", "other|x", true},
	}
	for _, tt := range tests {
		got, ok := m.Source(ref(tt.tgt))
		if ok != tt.ok || ok && got != ref(tt.want) {
			t.Errorf("Source(%s) = %s, %v, want %s, %v", tt.tgt, got, ok, tt.want, tt.ok)
		}
		if ok && m.Target(got) != ref(tt.tgt) {
			t.Errorf("Target(Source(%s)) = %s", tt.tgt, m.Target(got))
		}
	}
}

func TestMappingZeroValue(t *testing.T) {
	var m verify.Mapping
	r := schema.Ref{Schema: "shop", Name: "orders"}
	if got := m.Target(r); got != r {
		t.Errorf("Target = %s, want %s", got, r)
	}
	if got, ok := m.Source(r); !ok || got != r {
		t.Errorf("Source = %s, %v, want %s, true", got, ok, r)
	}
	if s := m.String(); s != "" {
		t.Errorf("String = %q, want empty", s)
	}
}

func TestSchemaMapping(t *testing.T) {
	m := verify.SchemaMapping("shop", "shop.v2")
	if m.IsZero() {
		t.Fatal("SchemaMapping is zero")
	}
	for _, tt := range []struct{ src, tgt schema.Ref }{
		{schema.Ref{Schema: "shop", Name: "orders"}, schema.Ref{Schema: "shop.v2", Name: "orders"}},
		{schema.Ref{Schema: "other", Name: "orders"}, schema.Ref{Schema: "other", Name: "orders"}},
	} {
		if got := m.Target(tt.src); got != tt.tgt {
			t.Errorf("Target(%s) = %s, want %s", tt.src, got, tt.tgt)
		}
	}
	back, err := verify.ParseMapping([]string{m.String()})
	if err != nil || back.String() != m.String() {
		t.Errorf("String %q reads back as %q, %v", m, back, err)
	}
	if !(verify.Mapping{}).IsZero() {
		t.Error("the zero Mapping is not IsZero")
	}
}

func FuzzParseMapping(f *testing.F) {
	for _, s := range []string{
		"olddb.*=newdb.*", "a=b", "db.t=db2.t2", "db.t_*=db.u_*", "`my.db`.t=x.t", "a.*=b.*, c.t=d.t",
		"`we``ird`.`t.`*=x.y*", "=", "a.b.c=d", "`", "*.*=*.*", " a . b = c . d ", "a.t=b.t,a.*=c.*",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := verify.ParseMapping([]string{s})
		if err != nil {
			return
		}
		back, err := verify.ParseMapping([]string{m.String()})
		if err != nil {
			t.Fatalf("ParseMapping(%q).String() = %q does not parse: %v", s, m, err)
		}
		if !reflect.DeepEqual(m, back) {
			t.Fatalf("ParseMapping(%q) = %q, which parses back to %q", s, m, back)
		}
		r := schema.Ref{Schema: "db", Name: "t_x"}
		if src, ok := m.Source(m.Target(r)); !ok || m.Target(src) != m.Target(r) {
			t.Fatalf("%q: Source(Target(%s)) = %s, %v", m, r, src, ok)
		}
	})
}

func ExampleMapping() {
	m, err := verify.ParseMapping([]string{"legacy.*=shop.*", "shop.tmp_*=shop.old_*"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Target(schema.Ref{Schema: "legacy", Name: "orders"}))
	fmt.Println(m.Target(schema.Ref{Schema: "shop", Name: "tmp_2024"}))
	src, ok := m.Source(schema.Ref{Schema: "shop", Name: "orders"})
	fmt.Println(src, ok)
	_, err = verify.ParseMapping([]string{"legacy.*=shop.orders"})
	fmt.Println(err)
	// Output:
	// shop.orders
	// shop.old_2024
	// legacy.orders true
	// map rule "legacy.*=shop.orders": '*' on one side only: write it on both (a schema alone means db.*)
}
