package replay

import (
	"testing"
)

func TestFamilyOf(t *testing.T) {
	tests := map[string]family{
		"INT": famInteger, "UNSIGNED BIGINT": famInteger, "YEAR": famInteger, "DECIMAL": famDecimal,
		"DOUBLE": famFloat, "FLOAT": famFloat32, "VARCHAR": famText, "TEXT": famText, "CHAR": famText,
		"JSON": famJSON, "LONGTEXT": famText, "MEDIUMTEXT": famText, "TINYTEXT": famText, "LONGBLOB": famBinary, "BLOB": famBinary, "VARBINARY": famBinary, "BIT": famBinary, "GEOMETRY": famBinary,
		"DATE": famDate, "DATETIME": famDateTime, "TIMESTAMP": famDateTime, "TIME": famTime, "NULL": famAny,
	}
	for name, want := range tests {
		if got := familyOf(name); got != want {
			t.Errorf("familyOf(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestFormFor(t *testing.T) {
	tests := []struct {
		a, b family
		want form
	}{
		{famInteger, famDecimal, formNumber},
		{famDecimal, famDecimal, formNumber},
		{famInteger, famFloat, formFloat},
		{famFloat32, famFloat, formFloat32},
		{famText, famJSON, formJSON},
		{famJSON, famJSON, formJSON},
		{famText, famText, formRaw},
		{famAny, famDecimal, formNumber},
		{famDateTime, famDateTime, formTemporal},
		{famDate, famDateTime, formRaw},
		{famBinary, famText, formRaw},
		{famJSON, famBinary, formRaw},
	}
	for _, tt := range tests {
		if got := formFor(tt.a, tt.b); got != tt.want {
			t.Errorf("formFor(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := formFor(tt.b, tt.a); got != tt.want {
			t.Errorf("formFor(%s, %s) = %d, want %d (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestCanonicalEqual lists values that two servers may send differently
// for the same meaning, and values that look alike but differ.
func TestCanonicalEqual(t *testing.T) {
	tests := []struct {
		name  string
		form  form
		a, b  string
		equal bool
	}{
		{"decimal scale", formNumber, "1.50", "1.5000", true},
		{"integer and decimal", formNumber, "3", "3.0000", true},
		{"negative zero", formNumber, "-0.00", "0", true},
		{"leading zeros", formNumber, "007", "7", true},
		{"different numbers", formNumber, "1.5", "1.05", false},
		{"sign matters", formNumber, "-1", "1", false},
		{"not a number kept", formNumber, "abc", "abc", true},
		{"not a number differs from a number", formNumber, "1x", "1", false},
		{"double printing", formFloat, "0.3", "0.30000000000000004", true},
		{"double exponent", formFloat, "1e20", "100000000000000000000", true},
		{"double differs", formFloat, "0.3", "0.31", false},
		{"float printing", formFloat32, "3.14159", "3.1415927", true},
		{"json spacing and order", formJSON, `{"b": 1, "a": [1, 2]}`, `{"a":[1,2],"b":1}`, true},
		{"json number spelling", formJSON, `{"a": 1.0}`, `{"a": 1}`, true},
		{"json different", formJSON, `{"a": 1}`, `{"a": 2}`, false},
		{"invalid json only equals itself", formJSON, `{bad`, `{bad`, true},
		{"invalid json differs from raw", formJSON, `{bad`, `{"bad":1}`, false},
		{"datetime zero fraction", formTemporal, "2024-01-01 10:00:00.000000", "2024-01-01 10:00:00", true},
		{"datetime fraction kept", formTemporal, "2024-01-01 10:00:00.500000", "2024-01-01 10:00:00.5", true},
		{"datetime fraction differs", formTemporal, "2024-01-01 10:00:00.5", "2024-01-01 10:00:00", false},
		{"time", formTemporal, "-838:59:59.000", "-838:59:59", true},
		{"text trailing space matters", formRaw, "def", "def ", false},
		{"text case matters", formRaw, "Abc", "abc", false},
		{"text equal", formRaw, "emoji🍣", "emoji🍣", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ca, cb canonicalizer
			ca.form, cb.form = tt.form, tt.form
			ga, gb := ca.append(nil, []byte(tt.a)), cb.append(nil, []byte(tt.b))
			if (string(ga) == string(gb)) != tt.equal {
				t.Errorf("%q -> %q, %q -> %q: equal = %v, want %v", tt.a, ga, tt.b, gb, !tt.equal, tt.equal)
			}
		})
	}
}

func TestCompatible(t *testing.T) {
	tests := []struct {
		a, b family
		want bool
	}{
		{famInteger, famDecimal, true},
		{famText, famJSON, true},
		{famFloat, famFloat32, true},
		{famDecimal, famFloat, false},
		{famText, famBinary, false},
		{famDate, famDateTime, false},
		{famAny, famBinary, true},
	}
	for _, tt := range tests {
		if got := compatible(tt.a, tt.b); got != tt.want {
			t.Errorf("compatible(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"1.50", "-0", "0.30000000000000004", `{"a":1}`, "2024-01-01 10:00:00.000", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, v string, fm uint8) {
		c := canonicalizer{form: form(fm % 6)}
		once := c.append(nil, []byte(v))
		again := c.append(nil, []byte(v))
		if string(once) != string(again) {
			t.Fatalf("form %d: %q canonicalizes to %q then %q", c.form, v, once, again)
		}
	})
}
