package objstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/sink"
)

// s3Store is a prefix in an S3 bucket, or in an S3-compatible store.
// Credentials come from the SDK's default chain: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), AWS_PROFILE with the
// shared config and credentials files, SSO, web identity (EKS), and the
// ECS or EC2 instance role. The region comes from AWS_REGION or the
// profile; without one, us-east-1.
//
// Objects are streamed as multipart uploads, the parts uploaded while
// the next fills; an object smaller than one part is a single PUT. An
// object appears only when its upload completes, and a failed or
// cancelled one is aborted, so no object of a failed table is left (an
// unreachable store cannot be told to abort: a bucket lifecycle rule
// AbortIncompleteMultipartUpload cleans up after that).
type s3Store struct {
	ctx    context.Context
	client *s3.Client
	loc    sink.Location
	opts   sink.RemoteOptions
}

func openS3(ctx context.Context, l sink.Location, o sink.RemoteOptions) (*s3Store, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("s3 configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	custom := o.Endpoint != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != "" || os.Getenv("AWS_ENDPOINT_URL") != ""
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		// S3-compatible stores serve buckets by path, not by host name.
		so.UsePathStyle = custom
		// Reading back a multipart object (parity reads only its own small
		// manifest and journal) must not log to stderr.
		so.DisableLogOutputChecksumValidationSkipped = true
	})
	s := &s3Store{ctx: ctx, client: client, loc: l, opts: o}
	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(l.Bucket)}); err != nil {
		return nil, s.fail("open", "", err)
	}
	return s, nil
}

func (s *s3Store) Path(name string) string { return s.loc.String() + "/" + name }
func (s *s3Store) String() string          { return s.loc.String() }

// fail words an S3 error for people: the operation, the object, the
// service's code and message, and what to check for the common ones.
func (s *s3Store) fail(op, name string, err error) error {
	what := s.loc.String()
	if name != "" {
		what = s.Path(name)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		hint := ""
		switch ae.ErrorCode() {
		case "NoSuchBucket", "NotFound":
			hint = " (check the bucket name, the region (AWS_REGION) and --s3-endpoint)"
		case "AccessDenied", "Forbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch":
			hint = " (check the credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role, and the bucket policy)"
		}
		return fmt.Errorf("%s %s: %s: %s%s", op, what, ae.ErrorCode(), ae.ErrorMessage(), hint)
	}
	return fmt.Errorf("%s %s: %w", op, what, err)
}

func (s *s3Store) ReadFile(name string) ([]byte, error) {
	out, err := s.client.GetObject(s.ctx, &s3.GetObjectInput{Bucket: aws.String(s.loc.Bucket), Key: aws.String(key(s.loc, name))})
	if err != nil {
		var nk *types.NoSuchKey
		if errors.As(err, &nk) {
			return nil, fs.ErrNotExist
		}
		return nil, s.fail("read", name, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, s.fail("read", name, err)
	}
	return data, nil
}

// Remove deletes names, up to 1000 per request. It is cleanup, so it
// runs on a context of its own: a run that was cancelled still removes
// what it leaves.
func (s *s3Store) Remove(names ...string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), abortTimeout)
	defer cancel()
	for len(names) > 0 {
		batch := names[:min(len(names), 1000)]
		names = names[len(batch):]
		var ids []types.ObjectIdentifier
		for _, n := range batch {
			ids = append(ids, types.ObjectIdentifier{Key: aws.String(key(s.loc, n))})
		}
		out, err := s.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(s.loc.Bucket),
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return s.fail("remove", batch[0], err)
		}
		for _, e := range out.Errors {
			if aws.ToString(e.Code) != "NoSuchKey" {
				return fmt.Errorf("remove %s/%s: %s: %s", s.loc, aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message))
			}
		}
	}
	return nil
}

func (s *s3Store) Create(name string) (sink.Object, error) {
	ctx, cancel := context.WithCancel(s.ctx)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.opts.Concurrency)
	return &s3Object{s: s, name: name, key: key(s.loc, name), ctx: ctx, partCtx: gctx, cancel: cancel, g: g,
		free: make(chan []byte, s.opts.Concurrency+1)}, nil
}

// s3Object streams one object. Write fills a part buffer; a full one is
// uploaded in the background, at most Concurrency at a time, and Write
// goes on into a free buffer: memory is at most Concurrency + 1 parts.
type s3Object struct {
	s        *s3Store
	name     string
	key      string
	ctx      context.Context // the object's requests; cancelled by Abort
	partCtx  context.Context // the part uploads'; also cancelled by the first that fails
	cancel   context.CancelFunc
	g        *errgroup.Group
	free     chan []byte // part buffers back from their upload
	buffers  int         // part buffers made
	buf      []byte      // the part being filled
	uploadID string      // "" until the first part is full

	mu    sync.Mutex
	parts []types.CompletedPart
	upErr error // the first failed upload

	n    int64
	err  error
	sent bool // a PUT or a completion was sent: the object may exist
	done bool // completed: the object exists
}

func (o *s3Object) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	size := int(o.s.opts.PartSize)
	written := 0
	for len(p) > 0 {
		if o.buf == nil {
			if o.err = o.nextBuffer(); o.err != nil {
				return written, o.err
			}
		}
		room := size - len(o.buf)
		c := min(room, len(p))
		o.buf = append(o.buf, p[:c]...)
		p, written, o.n = p[c:], written+c, o.n+int64(c)
		if len(o.buf) == size {
			if o.err = o.uploadPart(); o.err != nil {
				return written, o.err
			}
		}
	}
	return written, nil
}

// nextBuffer takes a free part buffer, or makes one while fewer than
// Concurrency + 1 exist; it waits for an upload to free one otherwise.
func (o *s3Object) nextBuffer() error {
	select {
	case b := <-o.free:
		o.buf = b[:0]
		return nil
	default:
	}
	if o.buffers <= o.s.opts.Concurrency {
		o.buffers++
		o.buf = make([]byte, 0, min(o.s.opts.PartSize, 1<<20)) // grows to a part as it fills
		return nil
	}
	select {
	case b := <-o.free:
		o.buf = b[:0]
		return nil
	case <-o.partCtx.Done():
		return o.uploadFailure()
	}
}

// uploadFailure is the first failed part's error, or the cancellation.
func (o *s3Object) uploadFailure() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.upErr != nil {
		return o.upErr
	}
	return o.s.fail("upload", o.name, context.Cause(o.partCtx))
}

// uploadPart sends the full buffer as the next part, in the background.
func (o *s3Object) uploadPart() error {
	if o.partCtx.Err() != nil {
		return o.uploadFailure()
	}
	if o.uploadID == "" {
		// Not cancelled midway: an upload the store created must be known
		// to be aborted.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(o.ctx), abortTimeout)
		out, err := o.s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
			Bucket: aws.String(o.s.loc.Bucket), Key: aws.String(o.key), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
		cancel()
		if err != nil {
			return o.s.fail("upload", o.name, err)
		}
		o.uploadID = aws.ToString(out.UploadId)
		if o.ctx.Err() != nil {
			return o.s.fail("upload", o.name, context.Cause(o.ctx))
		}
	}
	num := int32(len(o.parts) + 1)
	o.mu.Lock()
	o.parts = append(o.parts, types.CompletedPart{PartNumber: aws.Int32(num)})
	o.mu.Unlock()
	buf := o.buf
	o.buf = nil
	o.g.Go(func() error {
		out, err := o.s.client.UploadPart(o.partCtx, &s3.UploadPartInput{Bucket: aws.String(o.s.loc.Bucket), Key: aws.String(o.key),
			UploadId: aws.String(o.uploadID), PartNumber: aws.Int32(num), Body: bytes.NewReader(buf),
			ContentLength: aws.Int64(int64(len(buf))), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
		o.mu.Lock()
		defer o.mu.Unlock()
		if err != nil {
			if o.upErr == nil && o.partCtx.Err() == nil {
				o.upErr = o.s.fail(fmt.Sprintf("upload part %d of", num), o.name, err)
			}
			return err
		}
		o.parts[num-1].ETag, o.parts[num-1].ChecksumCRC32 = out.ETag, out.ChecksumCRC32
		o.free <- buf
		return nil
	})
	return nil
}

// Close uploads what is left and completes the object.
func (o *s3Object) Close() (int64, error) {
	if o.err != nil {
		return 0, o.err
	}
	if o.uploadID == "" {
		// Smaller than a part: one request.
		o.sent = true
		_, err := o.s.client.PutObject(o.ctx, &s3.PutObjectInput{Bucket: aws.String(o.s.loc.Bucket), Key: aws.String(o.key),
			Body: bytes.NewReader(o.buf), ContentLength: aws.Int64(int64(len(o.buf))), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32})
		if err != nil {
			o.err = o.s.fail("upload", o.name, err)
			return 0, o.err
		}
		o.buf, o.done = nil, true
		return o.n, nil
	}
	if len(o.buf) > 0 {
		if o.err = o.uploadPart(); o.err != nil {
			return 0, o.err
		}
	}
	if err := o.g.Wait(); err != nil {
		o.err = o.uploadFailure()
		return 0, o.err
	}
	o.mu.Lock()
	parts := slices.Clone(o.parts)
	o.mu.Unlock()
	o.sent = true
	_, err := o.s.client.CompleteMultipartUpload(o.ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(o.s.loc.Bucket),
		Key: aws.String(o.key), UploadId: aws.String(o.uploadID), MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}})
	if err != nil {
		o.err = o.s.fail("complete the upload of", o.name, err)
		return 0, o.err
	}
	o.done = true
	o.free, o.buf = nil, nil
	return o.n, nil
}

func (o *s3Object) Publish() error { return nil }

// Abort stops the part uploads at once, then, on a context of its own
// (the run's may be what was cancelled), aborts the multipart upload and
// deletes the object if a request that creates it was sent: a completion
// cut short may still have completed. The key names this run's file only
// (the previous run's was removed before), so deleting it is safe.
func (o *s3Object) Abort() error {
	o.cancel()
	_ = o.g.Wait()
	if o.err == nil {
		o.err = fmt.Errorf("upload %s: aborted", o.s.Path(o.name))
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(o.s.ctx), abortTimeout)
	defer cancel()
	var errs []error
	if o.uploadID != "" && !o.done {
		_, err := o.s.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(o.s.loc.Bucket),
			Key: aws.String(o.key), UploadId: aws.String(o.uploadID)})
		var nu *types.NoSuchUpload
		if err != nil && !errors.As(err, &nu) {
			errs = append(errs, err)
		}
	}
	if o.sent || o.done {
		if _, err := o.s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(o.s.loc.Bucket), Key: aws.String(o.key)}); err != nil {
			errs = append(errs, err)
		}
	}
	o.uploadID, o.sent, o.done = "", false, false
	o.buf, o.free = nil, nil
	if err := errors.Join(errs...); err != nil {
		return o.s.fail("clean up", o.name, err)
	}
	return nil
}
