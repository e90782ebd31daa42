package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"cloud.google.com/go/storage"

	"github.com/parity-db/parity/sink"
)

// gcsStore is a prefix in a Google Cloud Storage bucket, through the
// official client: credentials are Application Default Credentials
// (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login,
// the metadata server of GCE, GKE and Cloud Run); STORAGE_EMULATOR_HOST
// points it at an emulator.
//
// Each object is a resumable upload sent in PartSize chunks (the
// client's one buffer per object), and it exists only once the upload is
// finalized at Close; Abort cancels the upload, so a failed table leaves
// no object. (GCS's S3-compatible XML API would reuse the S3 code but
// takes HMAC keys only, not the credentials GCP users have.)
type gcsStore struct {
	ctx    context.Context
	client *storage.Client
	bucket *storage.BucketHandle
	loc    sink.Location
	opts   sink.RemoteOptions
}

// gcsChunk is the granularity GCS takes resumable chunks in.
const gcsChunk = 256 << 10

func openGCS(ctx context.Context, l sink.Location, o sink.RemoteOptions) (*gcsStore, error) {
	client, err := storage.NewClient(ctx)
	if err != nil {
		return nil, fmt.Errorf("gcs client (Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS or gcloud auth application-default login): %w", err)
	}
	s := &gcsStore{ctx: ctx, client: client, bucket: client.Bucket(l.Bucket), loc: l, opts: o}
	if _, err := s.bucket.Attrs(ctx); err != nil {
		client.Close()
		if errors.Is(err, storage.ErrBucketNotExist) {
			return nil, fmt.Errorf("open %s: bucket %s does not exist", l, l.Bucket)
		}
		return nil, fmt.Errorf("open %s: %w (check the credentials and the bucket's permissions)", l, err)
	}
	return s, nil
}

func (s *gcsStore) Path(name string) string { return s.loc.String() + "/" + name }
func (s *gcsStore) String() string          { return s.loc.String() }

func (s *gcsStore) ReadFile(name string) ([]byte, error) {
	r, err := s.bucket.Object(key(s.loc, name)).NewReader(s.ctx)
	if errors.Is(err, storage.ErrObjectNotExist) {
		return nil, fs.ErrNotExist
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Path(name), err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Path(name), err)
	}
	return data, nil
}

// Remove deletes names, on a context of its own as cleanup does.
func (s *gcsStore) Remove(names ...string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), abortTimeout)
	defer cancel()
	for _, n := range names {
		err := s.bucket.Object(key(s.loc, n)).Delete(ctx)
		if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
			return fmt.Errorf("remove %s: %w", s.Path(n), err)
		}
	}
	return nil
}

func (s *gcsStore) Create(name string) (sink.Object, error) {
	ctx, cancel := context.WithCancel(s.ctx)
	w := s.bucket.Object(key(s.loc, name)).NewWriter(ctx)
	w.ChunkSize = int(max(s.opts.PartSize/gcsChunk, 1) * gcsChunk)
	return &gcsObject{s: s, name: name, w: w, cancel: cancel}, nil
}

// gcsObject is one resumable upload.
type gcsObject struct {
	s      *gcsStore
	name   string
	w      *storage.Writer
	cancel context.CancelFunc
	n      int64
	err    error
	closed bool
	sent   bool // Close was called: the object may exist, finalized or not
	done   bool // finalized: the object exists
}

func (o *gcsObject) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.n += int64(n)
	if err != nil {
		o.err = fmt.Errorf("upload %s: %w", o.s.Path(o.name), err)
	}
	return n, o.err
}

func (o *gcsObject) Close() (int64, error) {
	if o.err != nil {
		return 0, o.err
	}
	o.closed, o.sent = true, true
	if err := o.w.Close(); err != nil {
		o.err = fmt.Errorf("upload %s: %w", o.s.Path(o.name), err)
		return 0, o.err
	}
	o.done = true
	return o.n, nil
}

func (o *gcsObject) Publish() error { return nil }

// Abort cancels an upload in progress (nothing is created), or deletes
// the object, on a context of its own, once Close was called: a
// finalization cut short may still have finished.
func (o *gcsObject) Abort() error {
	o.cancel()
	if !o.closed {
		o.closed = true
		_ = o.w.Close() // reports the cancellation
	}
	if !o.sent && !o.done {
		return nil
	}
	o.sent, o.done = false, false
	ctx, cancel := context.WithTimeout(context.WithoutCancel(o.s.ctx), abortTimeout)
	defer cancel()
	err := o.s.bucket.Object(key(o.s.loc, o.name)).Delete(ctx)
	if err != nil && !errors.Is(err, storage.ErrObjectNotExist) {
		return fmt.Errorf("clean up %s: %w", o.s.Path(o.name), err)
	}
	return nil
}
