package schema

import (
	"strings"
	"testing"
)

func TestHiddenBy(t *testing.T) {
	tests := []struct {
		name    string
		grants  []string
		schemas []string
		hidden  string // "" or a word the note must hold
	}{
		{"global all", []string{"GRANT ALL PRIVILEGES ON *.* TO `parity`@`127.0.0.1` WITH GRANT OPTION"}, []string{"shop"}, ""},
		{"global select", []string{"GRANT SELECT, RELOAD ON *.* TO `ro`@`%`"}, []string{"shop", "crm"}, ""},
		{"schema select", []string{"GRANT USAGE ON *.* TO `ro`@`%`", "GRANT SELECT ON `shop`.* TO `ro`@`%`"}, []string{"shop"}, ""},
		{"schema wildcard", []string{"GRANT SELECT ON `shop\\_%`.* TO `ro`@`%`"}, []string{"shop_eu", "shop_us"}, ""},
		{"escaped underscore is literal", []string{"GRANT SELECT ON `shop\\_eu`.* TO `ro`@`%`"}, []string{"shopXeu"}, "shopXeu"},
		{"one schema of two", []string{"GRANT SELECT ON `shop`.* TO `ro`@`%`"}, []string{"shop", "crm"}, "crm"},
		{"table grants only", []string{"GRANT USAGE ON *.* TO `ro`@`%`", "GRANT SELECT ON `shop`.`orders` TO `ro`@`%`"}, []string{"shop"}, "single tables"},
		{"insert is not select", []string{"GRANT INSERT ON `shop`.* TO `w`@`%`"}, []string{"shop"}, "shop"},
		{"roles", []string{"GRANT USAGE ON *.* TO `u`@`%`", "GRANT `reader`@`%` TO `u`@`%`"}, []string{"shop"}, "roles"},
		{"mariadb role", []string{"GRANT `reader` TO `u`@`%`"}, []string{"shop"}, "roles"},
		{"column grants", []string{"GRANT SELECT (`id`) ON `shop`.`orders` TO `u`@`%`"}, []string{"shop"}, "single tables"},
	}
	for _, tc := range tests {
		got := hiddenBy(tc.grants, tc.schemas, "ro@%")
		switch {
		case tc.hidden == "" && got != "":
			t.Errorf("%s: %q, want no note", tc.name, got)
		case tc.hidden != "" && !strings.Contains(got, tc.hidden):
			t.Errorf("%s: %q, want a note naming %q", tc.name, got, tc.hidden)
		}
	}
}

func TestSchemaLike(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"shop", "shop", true}, {"shop", "shops", false}, {"sh_p", "shop", true}, {`sh\_p`, "shop", false},
		{`sh\_p`, "sh_p", true}, {"s%", "shop", true}, {"%p", "shop", true}, {"%", "", true}, {"dé_", "déj", true},
	} {
		if got := schemaLike(tc.pattern, tc.name); got != tc.want {
			t.Errorf("schemaLike(%q, %q) = %v", tc.pattern, tc.name, got)
		}
	}
}
