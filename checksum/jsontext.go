package checksum

// JSONText canonicalizes JSON documents that arrive as text rather than in
// an Arrow column, such as a query's result: replay compares them by the
// same rules as verify. Not safe for concurrent use; reuse one per column
// to keep its scratch space.
type JSONText struct{ c jsonCanonicalizer }

// Append appends doc's canonical form to dst and reports whether doc was
// JSON; when it was not, dst gets doc's bytes unchanged.
func (j *JSONText) Append(dst, doc []byte) (_ []byte, ok bool) {
	n := len(dst)
	out, ok := j.c.append(dst, doc)
	if ok {
		return out, true
	}
	return append(out[:n], doc...), false
}
