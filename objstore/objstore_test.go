package objstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/parity-db/parity/sink"
	"github.com/parity-db/parity/testbed"
)

// s3Env points the AWS SDK's default chain at the gateway.
func s3Env(t *testing.T, srv *testbed.S3Server) {
	t.Helper()
	for k, v := range srv.Env() {
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// writeInPieces writes data in 100 KiB writes, as the encoders do.
func writeInPieces(t *testing.T, obj sink.Object, data []byte) {
	t.Helper()
	for len(data) > 0 {
		n := min(len(data), 100<<10)
		if _, err := obj.Write(data[:n]); err != nil {
			t.Fatalf("write: %v", err)
		}
		data = data[n:]
	}
}

// multipartUploads lists the bucket's multipart uploads in progress.
func multipartUploads(t *testing.T, srv *testbed.S3Server) []string {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	out, err := c.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(srv.Bucket)})
	if err != nil {
		t.Fatalf("list multipart uploads: %v", err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

func TestS3Objects(t *testing.T) {
	srv := testbed.StartS3(t)
	s3Env(t, srv)
	ctx := context.Background()
	loc, err := sink.ParseLocation("s3://" + srv.Bucket + "/night/ly")
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(ctx, loc, sink.RemoteOptions{PartSize: minPartSize, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{0, 1000, 2*minPartSize + 12345, 3 * minPartSize} {
		data := randomBytes(t, size)
		obj, err := st.Create("obj.bin")
		if err != nil {
			t.Fatal(err)
		}
		writeInPieces(t, obj, data)
		if n, err := obj.Close(); err != nil || n != int64(size) {
			t.Fatalf("%d bytes: Close = %d, %v", size, n, err)
		}
		if err := obj.Publish(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(srv.Root, srv.Bucket, "night", "ly", "obj.bin"))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: the gateway holds %d bytes (%v)", size, len(got), err)
		}
		if back, err := st.ReadFile("obj.bin"); err != nil || !bytes.Equal(back, data) {
			t.Fatalf("%d bytes: ReadFile = %d bytes, %v", size, len(back), err)
		}
	}
	if err := st.Remove("obj.bin", "never-written"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReadFile("obj.bin"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a removed object: %v, want fs.ErrNotExist", err)
	}
	if got := st.Path("x.parquet"); got != "s3://parity/night/ly/x.parquet" {
		t.Errorf("Path = %q", got)
	}
}

// TestS3Abort: an object aborted in the middle of its upload, or after it
// completed, leaves neither an object nor a multipart upload, also when
// the run's context is what was cancelled.
func TestS3Abort(t *testing.T) {
	srv := testbed.StartS3(t)
	s3Env(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := Open(ctx, sink.Location{Scheme: "s3", Bucket: srv.Bucket}, sink.RemoteOptions{PartSize: minPartSize, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	mid, err := st.Create("mid.bin")
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, mid, randomBytes(t, 2*minPartSize+1))
	done, err := st.Create("done.bin")
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, done, randomBytes(t, minPartSize+1))
	if _, err := done.Close(); err != nil {
		t.Fatal(err)
	}
	if got := multipartUploads(t, srv); len(got) != 1 || got[0] != "mid.bin" {
		t.Fatalf("multipart uploads in progress = %q, want [mid.bin]", got)
	}
	cancel() // as Ctrl-C does
	if _, err := mid.Write([]byte("more")); err == nil {
		if _, err := mid.Close(); err == nil {
			t.Error("an object completed after its context was cancelled")
		}
	}
	if err := mid.Abort(); err != nil {
		t.Errorf("abort mid-upload: %v", err)
	}
	if err := done.Abort(); err != nil {
		t.Errorf("abort a completed object: %v", err)
	}
	if got := multipartUploads(t, srv); len(got) != 0 {
		t.Errorf("multipart uploads left: %q", got)
	}
	entries, _ := os.ReadDir(filepath.Join(srv.Root, srv.Bucket))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".sgw") { // the gateway's own scratch space
			t.Errorf("object left after Abort: %s", e.Name())
		}
	}
}

// TestS3Credentials: the SDK's default chain finds a profile in the shared
// credentials file, and a wrong key or bucket fails Open with a hint.
func TestS3Credentials(t *testing.T) {
	srv := testbed.StartS3(t)
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(creds, []byte("[nightly]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = "+srv.SecretKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_PROFILE", "nightly")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx := context.Background()
	ep := sink.RemoteOptions{Endpoint: srv.Endpoint}
	if _, err := Open(ctx, sink.Location{Scheme: "s3", Bucket: srv.Bucket}, ep); err != nil {
		t.Fatalf("open with the shared credentials file: %v", err)
	}
	if _, err := Open(ctx, sink.Location{Scheme: "s3", Bucket: "no-such-bucket"}, ep); err == nil ||
		!strings.Contains(err.Error(), "s3://no-such-bucket") || !strings.Contains(err.Error(), "check the bucket name") {
		t.Errorf("open a missing bucket: %v", err)
	}
	if err := os.WriteFile(creds, []byte("[nightly]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, sink.Location{Scheme: "s3", Bucket: srv.Bucket}, ep); err == nil || !strings.Contains(err.Error(), "check the credentials") {
		t.Errorf("open with a wrong secret: %v", err)
	}
	if _, err := Open(ctx, sink.Location{Scheme: "s3", Bucket: srv.Bucket}, sink.RemoteOptions{Endpoint: srv.Endpoint, PartSize: 1 << 20}); err == nil {
		t.Error("a 1 MiB S3 part size was accepted")
	}
}

func TestGCSObjects(t *testing.T) {
	srv := testbed.StartGCS(t)
	t.Setenv("STORAGE_EMULATOR_HOST", srv.Host)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := Open(ctx, sink.Location{Scheme: "gs", Bucket: srv.Bucket, Prefix: "exp"}, sink.RemoteOptions{PartSize: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	data := randomBytes(t, 1<<20+17)
	obj, err := st.Create("a.bin")
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, obj, data)
	if n, err := obj.Close(); err != nil || n != int64(len(data)) {
		t.Fatalf("Close = %d, %v", n, err)
	}
	if back, err := st.ReadFile("a.bin"); err != nil || !bytes.Equal(back, data) {
		t.Fatalf("ReadFile = %d bytes, %v", len(back), err)
	}

	// Aborted in the middle of its upload: no object.
	mid, err := st.Create("mid.bin")
	if err != nil {
		t.Fatal(err)
	}
	writeInPieces(t, mid, data)
	if err := mid.Abort(); err != nil {
		t.Errorf("abort: %v", err)
	}
	if _, err := st.ReadFile("mid.bin"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an aborted upload left an object (%v)", err)
	}
	// Aborted once finalized: deleted, after the run's context is gone.
	cancel()
	if err := obj.Abort(); err != nil {
		t.Errorf("abort a finalized object: %v", err)
	}
	st2, err := Open(context.Background(), sink.Location{Scheme: "gs", Bucket: srv.Bucket, Prefix: "exp"}, sink.RemoteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st2.ReadFile("a.bin"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an aborted object is still there (%v)", err)
	}
	if _, err := Open(context.Background(), sink.Location{Scheme: "gs", Bucket: "no-such-bucket"}, sink.RemoteOptions{}); err == nil ||
		!strings.Contains(err.Error(), "does not exist") {
		t.Errorf("open a missing bucket: %v", err)
	}
}
