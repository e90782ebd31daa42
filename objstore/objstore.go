// Package objstore writes extraction output to object storage: S3 (and
// S3-compatible stores) and Google Cloud Storage, behind sink.Store. It
// is a package of its own so that only the command links the cloud SDKs.
package objstore

import (
	"context"
	"fmt"
	"time"

	"github.com/parity-db/parity/sink"
)

// Defaults for sink.RemoteOptions left zero.
const (
	DefaultPartSize    = 16 << 20
	DefaultConcurrency = 4
	minPartSize        = 5 << 20 // S3's smallest part but the last
)

// abortTimeout bounds the requests that clean up after a failure, which
// run even when the run's context is cancelled.
const abortTimeout = time.Minute

// Open opens the store at l, an s3:// or gs:// location, checking that the
// bucket exists and the credentials reach it. ctx is used for every call
// the store makes.
func Open(ctx context.Context, l sink.Location, o sink.RemoteOptions) (sink.Store, error) {
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	switch l.Scheme {
	case "s3":
		if o.PartSize < minPartSize {
			return nil, fmt.Errorf("upload part size %d bytes: S3 needs at least %d (5M)", o.PartSize, minPartSize)
		}
		return openS3(ctx, l, o)
	case "gs":
		return openGCS(ctx, l, o)
	}
	return nil, fmt.Errorf("%w %q: not an object store", sink.ErrBadLocation, l)
}

// key is name's object key under l's prefix.
func key(l sink.Location, name string) string {
	if l.Prefix == "" {
		return name
	}
	return l.Prefix + "/" + name
}
