package explain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// node is one JSON value with its object members kept in document order.
// Plan order is document order (the first table of a nested loop is the
// first one the server prints), which a map would lose.
type node struct {
	kind  byte     // '{', '[', 's' string, 'n' number, 'b' boolean, 'z' null
	keys  []string // object member names, parallel to kids
	kids  []*node  // object member values or array elements
	text  string   // a string's value, a number's literal
	truth bool     // a boolean's value
}

// decode reads one JSON document into a tree of nodes.
func decode(doc []byte) (*node, error) {
	if !json.Valid(doc) {
		// Valid also bounds the nesting depth, which keeps decodeValue's
		// recursion shallow enough for any input.
		var v any
		err := json.Unmarshal(doc, &v)
		if err == nil {
			err = fmt.Errorf("invalid JSON")
		}
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	n, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON document")
	}
	return n, nil
}

func decodeValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		n := &node{kind: byte(v)}
		for dec.More() {
			if v == '{' {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key.(string))
			}
			kid, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kid)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &node{kind: 's', text: v}, nil
	case json.Number:
		return &node{kind: 'n', text: v.String()}, nil
	case bool:
		return &node{kind: 'b', truth: v}, nil
	default:
		return &node{kind: 'z'}, nil
	}
}

// get returns the value of the object member key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.kids[i]
		}
	}
	return nil
}

// str is a string member's value, "" when absent or not a string.
func (n *node) str(key string) string {
	if v := n.get(key); v != nil && v.kind == 's' {
		return v.text
	}
	return ""
}

// is reports whether the member key is the boolean true.
func (n *node) is(key string) bool {
	v := n.get(key)
	return v != nil && v.kind == 'b' && v.truth
}

// isObject reports whether the member key is an object.
func (n *node) isObject(key string) bool {
	v := n.get(key)
	return v != nil && v.kind == '{'
}

// num reads the member key as a number. MySQL's format 1 writes some
// numbers as strings ("filtered": "100.00", "query_cost": "350.05"), so a
// numeric string counts too.
func (n *node) num(key string) (float64, bool) {
	v := n.get(key)
	if v == nil || (v.kind != 'n' && v.kind != 's') {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.text), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// elems is an array's elements, nil for anything else.
func (n *node) elems() []*node {
	if n == nil || n.kind != '[' {
		return nil
	}
	return n.kids
}
