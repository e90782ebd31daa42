package sink

import "fmt"

// target is the object a format encoder writes to. It counts the bytes,
// keeps the first write failure (which names the object and the cause)
// for every later message, and can discard writes: closing pqarrow's and
// a compressor's writer is the only way to free their memory, and an
// encoder being aborted must not write its footer.
type target struct {
	obj  Object
	path string // for messages
	n    int64
	err  error
	drop bool
}

func (t *target) Write(p []byte) (int, error) {
	if t.drop {
		return len(p), nil
	}
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.obj.Write(p)
	t.n += int64(n)
	if err != nil {
		t.err = err
	}
	return n, err
}

// writeErr prefers the object's own I/O failure, which names the file and
// the cause, over whatever the encoder made of it.
func writeErr(t *target, err error) error {
	if t.err != nil {
		return t.err
	}
	return fmt.Errorf("write %s: %w", t.path, err)
}
