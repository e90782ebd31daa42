package checksum

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestJSONCanonical(t *testing.T) {
	tests := []struct {
		in, want string // want "" means not JSON
	}{
		{`{ "b" : [1.0, "\u00e9"], "a":0.10 }`, `{"a":0.1,"b":[1,"é"]}`},
		{`{"a":1,"a":2}`, `{"a":2}`},
		{`{"b":{"d":1,"c":2},"a":[]}`, `{"a":[],"b":{"c":2,"d":1}}`},
		{`{"é":1,"z":2,"a":3}`, `{"a":3,"z":2,"é":1}`},
		{`{}`, `{}`},
		{` [ ] `, `[]`},
		{`"\"\\\/\b\f\n\r\t\u0001\u001F"`, `"\"\\/\u0008\u000c\u000a\u000d\u0009\u0001\u001f"`},
		{`"\ud83d\ude00"`, `"😀"`},
		{`"\ud83d"`, `"` + string(utf8.RuneError) + `"`},
		{`{"\u0061":1}`, `{"a":1}`},
		{`{"a\"b":1}`, `{"a\"b":1}`},
		{`0`, `0`},
		{`-0`, `0`},
		{`-0.0`, `0`},
		{`1e2`, `100`},
		{`1E+2`, `100`},
		{`2.50`, `2.5`},
		{`-12`, `-12`},
		{`18446744073709551615`, `18446744073709551615`},
		{`-9223372036854775808`, `-9223372036854775808`},
		{`18446744073709551616`, `1.8446744073709552e+19`},
		{`9007199254740993`, `9007199254740993`},
		{`9007199254740993.0`, `9.007199254740992e+15`},
		{`1e300`, `1e+300`},
		{`0.000001`, `1e-06`},
		{`true`, `true`},
		{`[true,false,null]`, `[true,false,null]`},
		// Not JSON.
		{``, ``},
		{`{"a":1`, ``},
		{`{"a" 1}`, ``},
		{`[1,]`, ``},
		{`{,}`, ``},
		{`01`, ``},
		{`1.`, ``},
		{`.5`, ``},
		{`1e`, ``},
		{`+1`, ``},
		{`1e400`, ``},
		{`tru`, ``},
		{`nul`, ``},
		{`"a`, ``},
		{"\"a\x01\"", ``},
		{"\"\xff\"", ``},
		{`"\x"`, ``},
		{`"\u12"`, ``},
		{`1 2`, ``},
		{`{"a":1}}`, ``},
		{`{1:2}`, ``},
	}
	var c jsonCanonicalizer
	for _, tc := range tests {
		got, ok := c.append(nil, []byte(tc.in))
		switch {
		case tc.want == "" && ok:
			t.Errorf("%q: canonicalized to %q, want not JSON", tc.in, got)
		case tc.want != "" && (!ok || string(got) != tc.want):
			t.Errorf("%q: got %q (ok %v), want %q", tc.in, got, ok, tc.want)
		}
	}
	// appendOrRaw tags what is not JSON.
	if got := c.appendOrRaw([]byte("x"), []byte(`{"a"`)); string(got) != "x\x00{\"a\"" {
		t.Errorf("appendOrRaw = %q", got)
	}
	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	if _, ok := c.append(nil, []byte(deep)); ok {
		t.Error("nesting beyond maxJSONDepth accepted")
	}
}

// FuzzJSONCanonical checks the parser against encoding/json: it must not
// panic; what it accepts, encoding/json accepts (and decodes to the same
// value); canonical output is canonical; and re-serializing a document
// with other spacing and key order does not change its canonical form.
func FuzzJSONCanonical(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"b":[1.0,"x",{"c":null}]}`, `[0.10, 1e2, -0, true, false]`, `"a\u00e9\ud83d\ude00"`,
		`{"a":1,"a":{"b":2,"a":3}}`, `18446744073709551616`, `-9223372036854775809`, `{"":""}`,
		"{\n\t\"k\" : \"v\"\r\n}", `[[[]]]`, `1e-7`, `"\u0000"`, `{"a":`, `[1,]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var c jsonCanonicalizer
		out, ok := c.append(nil, doc)
		if !ok {
			// Numbers beyond float64 are grammatical, but neither MySQL nor
			// encoding/json take them.
			var v any
			if json.Valid(doc) && utf8.Valid(doc) && json.Unmarshal(doc, &v) == nil {
				t.Fatalf("rejected valid JSON %q", doc)
			}
			return
		}
		out = bytes.Clone(out)
		if !json.Valid(doc) {
			t.Fatalf("accepted invalid JSON %q as %q", doc, out)
		}
		again, ok := c.append(nil, out)
		if !ok || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q -> %q (ok %v)", doc, out, again, ok)
		}
		var v1, v2 any
		if err := json.Unmarshal(doc, &v1); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &v2); err != nil {
			t.Fatalf("canonical form %q does not decode: %v", out, err)
		}
		if !reflect.DeepEqual(v1, v2) {
			t.Fatalf("%q and its canonical form %q decode differently", doc, out)
		}
		// Another serialization: indented, keys sorted by encoding/json,
		// strings escaped its way (HTML-safe), numbers kept as written.
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		variant, err := json.MarshalIndent(v, " ", "\t")
		if err != nil {
			t.Fatal(err)
		}
		vout, ok := c.append(nil, variant)
		if !ok || !bytes.Equal(vout, out) {
			t.Fatalf("%q and its variant %q canonicalize to %q and %q", doc, variant, out, vout)
		}
	})
}

func TestJSONText(t *testing.T) {
	tests := []struct {
		doc, want string
		ok        bool
	}{
		{`{ "b" : [1.0, "\u00e9"], "a":0.10 }`, `{"a":0.1,"b":[1,"é"]}`, true},
		{`{"a": 1}`, `{"a":1}`, true},
		{`not json`, `not json`, false},
		{`{"a":1} trailing`, `{"a":1} trailing`, false},
	}
	var j JSONText
	for _, tt := range tests {
		got, ok := j.Append([]byte("x"), []byte(tt.doc))
		if string(got) != "x"+tt.want || ok != tt.ok {
			t.Errorf("Append(%q) = %q, %v; want %q, %v", tt.doc, got, ok, "x"+tt.want, tt.ok)
		}
	}
}
