package querylog

import (
	"cmp"
	"slices"
	"time"
)

// Class is the statements of a log that share a fingerprint: replay runs a
// few samples of each class rather than every statement of the log, and
// reports per class.
type Class struct {
	Fingerprint string
	ID          string        // ID(Fingerprint): 16 hex digits, for names in reports
	Samples     []Statement   // up to perClass distinct statements, as chosen by Classifier
	Count       int64         // statements of the class in the log (sum of Count)
	Duration    time.Duration // total logged time: the sum of Duration × Count
	Skipped     string        // non-empty when the class must not run: the reason
}

// Classifier groups statements into classes as they are read, keeping only
// the samples, so a log of any size groups in memory that grows with its
// number of classes.
type Classifier struct {
	perClass int
	classes  map[string]*class
	order    []*class // by first appearance
}

// class is a Class being built.
type class struct {
	Class
	runnable, unrunnable []Statement // the samples the reader could and could not take as they are
	writes               string      // the first statement's reason not to run, by Writes
}

// NewClassifier keeps up to perClass samples of each class (at least one).
func NewClassifier(perClass int) *Classifier {
	return &Classifier{perClass: max(perClass, 1), classes: make(map[string]*class)}
}

// Add counts a statement in its class. The class's samples are the first
// statements of distinct text (the same text in another Schema counts as
// distinct: it may read other data), those that the reader could take as
// they are before those it could not (a digest's sample cut short).
func (c *Classifier) Add(s Statement) {
	fp := Fingerprint(s.SQL)
	k := c.classes[fp]
	if k == nil {
		k = &class{Class: Class{Fingerprint: fp, ID: ID(fp)}}
		c.classes[fp] = k
		c.order = append(c.order, k)
	}
	k.Count += s.Count
	k.Duration += s.Duration * time.Duration(s.Count)
	if k.writes == "" {
		k.writes = Writes(s.SQL)
	}
	if sampled(k.runnable, s) || sampled(k.unrunnable, s) {
		return
	}
	switch {
	case s.Skipped == "" && len(k.runnable) < c.perClass:
		k.runnable = append(k.runnable, s)
	case s.Skipped != "" && len(k.unrunnable) < c.perClass:
		k.unrunnable = append(k.unrunnable, s)
	}
}

// sampled reports whether samples hold a statement of the same text and
// Schema as s.
func sampled(samples []Statement, s Statement) bool {
	for _, x := range samples {
		if x.SQL == s.SQL && x.Schema == s.Schema {
			return true
		}
	}
	return false
}

// Classes returns the classes, those of the most logged time first, then
// those of the most statements, then in the order they first appeared. A
// class is Skipped when one of its statements is not read-only (Writes), or
// when the reader could take none of its statements as they are.
func (c *Classifier) Classes() []Class {
	order := slices.Clone(c.order)
	slices.SortStableFunc(order, func(a, b *class) int {
		return cmp.Or(cmp.Compare(b.Duration, a.Duration), cmp.Compare(b.Count, a.Count))
	})
	classes := make([]Class, len(order))
	for i, k := range order {
		cl := k.Class
		cl.Samples = append(slices.Clone(k.runnable), k.unrunnable...)[:min(len(k.runnable)+len(k.unrunnable), c.perClass)]
		switch {
		case k.writes != "":
			cl.Skipped = k.writes
		case len(k.runnable) == 0:
			cl.Skipped = k.unrunnable[0].Skipped
		}
		classes[i] = cl
	}
	return classes
}

// Group classifies stmts (see Classifier) and returns their classes, those
// of the most logged time first.
func Group(stmts []Statement, perClass int) []Class {
	c := NewClassifier(perClass)
	for _, s := range stmts {
		c.Add(s)
	}
	return c.Classes()
}
