package datagen

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
)

// jsonNumbers are number spellings that servers store differently: MariaDB
// keeps them as written, MySQL normalizes ("-0" to 0, "1e3" to 1000.0).
var jsonNumbers = []string{"1.5", "10", "-0", "1e3", "0.25", "-7", "123456789012", "2.5e-3"}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// randJSON returns a random JSON object with nested arrays and objects,
// unicode text and numbers of several spellings, formatted with ", " and
// ": " separators.
func randJSON(r *rand.Rand) string {
	num := func() string {
		if r.IntN(2) == 0 {
			return jsonNumbers[r.IntN(len(jsonNumbers))]
		}
		return strconv.FormatInt(r.Int64N(2_000_001)-1_000_000, 10)
	}
	var b strings.Builder
	b.WriteString(`{"id": ` + strconv.FormatInt(r.Int64N(1_000_000), 10))
	b.WriteString(`, "name": ` + jsonString(randText(r, utf8mb4, 20, 80)))
	b.WriteString(`, "tags": [`)
	for i := range r.IntN(4) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonString(randText(r, utf8mb4, 8, 32)))
	}
	b.WriteString(`], "score": ` + num())
	b.WriteString(`, "nested": {"ok": ` + strconv.FormatBool(r.IntN(2) == 0))
	b.WriteString(`, "list": [` + num() + `, ` + num() + `, null, {"deep": [` + num() + `]}]}}`)
	return b.String()
}

// Fixed JSON documents of the edge rows.
const (
	jsonTricky = `{"quote": "it's \"q\" \\ \n\t", "emoji": "🚀 Zoë 日本", "neg0": -0, "e": 1e3, "half": 1.5, ` +
		`"big": 18446744073709551615, "nested": {"a": [1, [2, [3, {"b": null}]]], "t": true, "f": false}}`
	jsonEmpty = `{}`
	jsonMin   = `[]`
)

// jsonLarge is the edge "max" document: a few KB of nested arrays.
func jsonLarge() string {
	var b strings.Builder
	b.WriteString(`{"items": [`)
	for i := range 200 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"n": ` + strconv.Itoa(i) + `, "s": "🚀é` + strconv.Itoa(i) + `", "v": [1.5, 10, -0, 1e3]}`)
	}
	b.WriteString(`], "end": true}`)
	return b.String()
}
