package querylog

import (
	"fmt"
	"strings"
	"testing"
)

// kinds names token kinds in test output.
var kinds = map[TokenKind]string{Word: "W", Number: "N", String: "S", QuotedIdent: "Q", Comment: "C",
	ExecOpen: "X<", ExecClose: "X>", Semicolon: ";", Punct: "P"}

func lex(sql string) string {
	var parts []string
	for t := range Tokens(sql) {
		s := fmt.Sprintf("%s%q", kinds[t.Kind], t.Text)
		if t.Open {
			s += "!"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestTokens(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT a.b, 'it''s' -- note\nFROM t;", `W"SELECT" W"a" P"." W"b" P"," S"'it''s'" C"-- note" W"FROM" W"t" ;";"`},
		{`SELECT "a\"b", 'c\'', ` + "`x``y`", `W"SELECT" S"\"a\\\"b\"" P"," S"'c\\''" P"," Q"` + "`x``y`" + `"`},
		{"SELECT 1.5e-3, .5, 0x1F, 1e10, 12abc, 1.", `W"SELECT" N"1.5e-3" P"," N".5" P"," N"0x1F" P"," N"1e10" P"," N"12abc" P"," N"1" P"."`},
		{"t.5, `t`.5, (a).5, t .5", `W"t" P"." N"5" P"," Q"` + "`t`" + `" P"." N"5" P"," P"(" W"a" P")" P"." N"5" P"," W"t" N".5"`},
		{"a<=>b->>'$.x' != c <= d", `W"a" P"<=>" W"b" P"->>" S"'$.x'" P"!=" W"c" P"<=" W"d"`},
		{"SELECT --1, -- x", `W"SELECT" P"-" P"-" N"1" P"," C"-- x"`},
		{"# c\nx'1F' #", `C"# c" W"x" S"'1F'" C"#"`},
		{"/*!40101 SET x */ /*M!100500 y */ /*+ BKA(t) */ /* c */", `X<"/*!40101" W"SET" W"x" X>"*/" X<"/*M!100500" W"y" X>"*/" C"/*+ BKA(t) */" C"/* c */"`},
		{"2*/*c*/3", `N"2" P"*" C"/*c*/" N"3"`},
		{"/*! a /*! b */ c */", `X<"/*!" W"a" X<"/*!" W"b" X>"*/" W"c" P"*" P"/"`},
		{"SELECT 'open", `W"SELECT" S"'open"!`},
		{"a /* open", `W"a" C"/* open"!`},
		{"`open", `Q"` + "`open" + `"!`},
		{"a;;b", `W"a" ;";" ;";" W"b"`},
	}
	for _, tt := range tests {
		if got := lex(tt.sql); got != tt.want {
			t.Errorf("Tokens(%q)\n got %s\nwant %s", tt.sql, got, tt.want)
		}
	}
}

// FuzzTokens checks that tokens cover the text in order, with only
// whitespace between them, and that only the last one can be open.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"SELECT a.b, 'it''s' -- note\nFROM t;", "/*! a /*! b */ c */", "t.5 .5 1e-3", "'open", "2*/*c*/3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		at, open := 0, false
		for tok := range Tokens(sql) {
			if open {
				t.Fatalf("%q: token %q after an open one", sql, tok.Text)
			}
			if tok.Text == "" || tok.Start < at || sql[tok.Start:tok.End()] != tok.Text || strings.Trim(sql[at:tok.Start], asciiSpace) != "" {
				t.Fatalf("%q: token %+v does not follow offset %d", sql, tok, at)
			}
			at, open = tok.End(), tok.Open
		}
		if strings.Trim(sql[at:], asciiSpace) != "" {
			t.Fatalf("%q: text after offset %d is in no token", sql, at)
		}
	})
}
