package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/parity-db/parity/testbed"
)

// useS3 gives the AWS SDK the gateway's credentials through the
// environment, as a nightly job's would come, and no other source.
func useS3(t *testing.T, srv *testbed.S3Server, withEndpoint bool) {
	t.Helper()
	for k, v := range srv.Env() {
		if k == "AWS_ENDPOINT_URL" && !withEndpoint {
			continue
		}
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// objects lists the files under dir, relative to it: the gateway's and
// the emulator's objects as they store them.
func objects(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	return names
}

// TestExtractS3: an extraction to s3:// writes every part and the
// manifest as objects (read back from the gateway's directory, by DuckDB
// too), and a re-run replaces them.
func TestExtractS3(t *testing.T) {
	srv := testbed.StartS3(t)
	useS3(t, srv, true)
	s := testbed.Get(t, "old")
	db := seed(t, s)
	dsn := testbed.WithDatabase(s.DSN, db)
	code, _, stderr := runParity(t, "extract", "--source", dsn, "--out", "s3://"+srv.Bucket+"/nightly/shop", "--max-file-rows", "1000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	prefix := filepath.Join(srv.Root, srv.Bucket, "nightly", "shop")
	data, err := os.ReadFile(filepath.Join(prefix, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, data)
	want := []string{"manifest.json"}
	for _, tb := range m.Tables {
		want = append(want, tb.Files...)
	}
	slices.Sort(want)
	if got := objects(t, prefix); !slices.Equal(got, want) || len(want) != 1+3+1 {
		t.Errorf("objects %q, the manifest lists %q", got, want)
	}
	res := testbed.DuckDB(t, fmt.Sprintf("SELECT count(*) FROM read_parquet('%s')", filepath.Join(prefix, db+".customers.part-*.parquet")))
	if got := fmt.Sprint(res.Rows); got != "[[3000]]" {
		t.Errorf("DuckDB counts %s rows in the uploaded parts", got)
	}

	// The endpoint as a flag instead, and a re-run of one table: the
	// other table's objects go with the old manifest.
	t.Setenv("AWS_ENDPOINT_URL", "")
	code, _, stderr = runParity(t, "extract", "--source", dsn, "--tables", "audit_log", "--out", "s3://"+srv.Bucket+"/nightly/shop",
		"--s3-endpoint", srv.Endpoint, "--format", "csv")
	if code != 0 {
		t.Fatalf("re-run: exit %d: %s", code, stderr)
	}
	if got := objects(t, prefix); !slices.Equal(got, []string{"manifest.json", db + ".audit_log.csv"}) {
		t.Errorf("after the re-run: %q", got)
	}
	if !strings.Contains(stderr, "removed the 4 file(s) of the previous extraction in s3://parity/nightly/shop") {
		t.Errorf("stderr: %s", stderr)
	}

	// A bucket that does not exist fails before anything is read.
	code, _, stderr = runParity(t, "extract", "--source", dsn, "--out", "s3://no-such-bucket/x", "--s3-endpoint", srv.Endpoint)
	if code != 2 || !strings.Contains(stderr, "s3://no-such-bucket") {
		t.Errorf("missing bucket: exit %d: %s", code, stderr)
	}
}

// bigTable creates about 24 MB of rows (12,000 of 2 KB) in its own
// database, enough for several 5 MiB parts.
func bigTable(t *testing.T, s testbed.Server) string {
	t.Helper()
	db := s.Database(t, "s3big")
	p := s.Open(t, db, 1)
	stmts := []string{"CREATE TABLE t (id INT PRIMARY KEY, pad TEXT)",
		"INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 750) SELECT i, REPEAT(MD5(i), 64) FROM n"}
	if s.Name == "new" {
		stmts[1] = strings.ReplaceAll(stmts[1], "MD5(i)", "SHA2(i, 256)")
	}
	for _, step := range []int{750, 1500, 3000, 6000} {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO t SELECT id + %d, pad FROM t", step))
	}
	testbed.Exec(t, p, stmts...)
	return db
}

func s3Client(t *testing.T, srv *testbed.S3Server) *s3.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint, o.UsePathStyle = aws.String(srv.Endpoint), true })
}

// waitUpload waits until a multipart upload is in progress in the bucket.
func waitUpload(t *testing.T, c *s3.Client, bucket string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		out, err := c.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
		if err == nil && len(out.Uploads) > 0 {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("the run ended (%v) before an upload was in progress", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("no multipart upload within a minute")
}

// TestExtractS3Interrupted: a run cancelled in the middle of a multipart
// upload aborts it: no manifest, no object of the table, no upload left.
func TestExtractS3Interrupted(t *testing.T) {
	srv := testbed.StartS3(t)
	useS3(t, srv, true)
	s := testbed.Get(t, "new")
	db := bigTable(t, s)
	c := s3Client(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := extractOptions{workers: 1, chunkRows: 200, format: "arrow", out: "s3://" + srv.Bucket + "/run", zeroDates: "null",
		csvDialect: "rfc4180", quiet: true}
	o.remote.partSize = 5 << 20
	o.remote.concurrency = 2
	o.conns.source = testbed.WithDatabase(s.DSN, db)
	done := make(chan error, 1)
	go func() { done <- runExtract(ctx, o, io.Discard, io.Discard) }()
	waitUpload(t, c, srv.Bucket, done)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	out, err := c.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(srv.Bucket)})
	if err != nil || len(out.Uploads) != 0 {
		t.Errorf("multipart uploads left after the cancelled run: %d (%v)", len(out.Uploads), err)
	}
	if got := objects(t, filepath.Join(srv.Root, srv.Bucket, "run")); len(got) != 0 {
		t.Errorf("objects left after the cancelled run: %q", got)
	}
}

// TestExtractS3GatewayDies: the store going away in the middle of an
// upload fails the run with one line that names the object, and leaves
// no manifest: what a reader finds there is not an extraction.
func TestExtractS3GatewayDies(t *testing.T) {
	srv := testbed.StartS3(t)
	useS3(t, srv, true)
	s := testbed.Get(t, "old")
	db := bigTable(t, s)
	c := s3Client(t, srv)
	done := make(chan error, 1)
	var code int
	var stderr string
	go func() {
		code, _, stderr = runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--format", "arrow",
			"--out", "s3://"+srv.Bucket+"/run", "--workers", "1", "--chunk-rows", "200", "--upload-part-size", "5M")
		done <- nil
	}()
	waitUpload(t, c, srv.Bucket, done)
	srv.Stop(t)
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		t.Fatal("the run did not end after its store went away")
	}
	msg := strings.TrimSpace(stderr)
	if code != 2 || strings.Count(msg, "\n") != 0 || !strings.Contains(msg, "s3://parity/run/"+db+".t.arrows") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and one line naming the object", code, msg)
	}
	srv.Restart(t)
	for _, n := range objects(t, filepath.Join(srv.Root, srv.Bucket, "run")) {
		if n == "manifest.json" || strings.HasSuffix(n, ".arrows") {
			t.Errorf("left after the failed run: %s", n)
		}
	}
}

// TestExtractGCS: an extraction to gs:// writes its parts and manifest
// through the GCS client (Application Default Credentials; here the
// emulator through STORAGE_EMULATOR_HOST).
func TestExtractGCS(t *testing.T) {
	srv := testbed.StartGCS(t)
	t.Setenv("STORAGE_EMULATOR_HOST", srv.Host)
	s := testbed.Get(t, "new")
	db := seed(t, s)
	code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--out", "gs://"+srv.Bucket+"/nightly",
		"--format", "csv", "--compression", "gzip", "--max-file-rows", "1500", "--upload-part-size", "256K")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	prefix := filepath.Join(srv.Root, srv.Bucket, "nightly")
	data, err := os.ReadFile(filepath.Join(prefix, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := readManifest(t, data)
	want := []string{"manifest.json"}
	for _, tb := range m.Tables {
		want = append(want, tb.Files...)
	}
	slices.Sort(want)
	if got := objects(t, prefix); !slices.Equal(got, want) || len(want) != 1+2+1 {
		t.Errorf("objects %q, the manifest lists %q", got, want)
	}
	res := testbed.DuckDB(t, fmt.Sprintf("SELECT count(*) FROM read_csv('%s', header = true)", filepath.Join(prefix, db+".customers.part-*.csv.gz")))
	if got := fmt.Sprint(res.Rows); got != "[[3000]]" {
		t.Errorf("DuckDB counts %s rows in the uploaded parts", got)
	}
}
