package sink

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Store is where an extraction's files go: a local directory, or a prefix
// in an S3 or Google Cloud Storage bucket. Names are relative to it and
// never hold a "/". A Store's calls use the context it was opened with.
type Store interface {
	// Create starts writing name. Nothing appears under name before the
	// object is closed (object stores) or published (directories).
	Create(name string) (Object, error)
	// ReadFile reads name whole; errors.Is(err, fs.ErrNotExist) when
	// there is none.
	ReadFile(name string) ([]byte, error)
	// Remove deletes names; a name that does not exist is not an error.
	Remove(names ...string) error
	// Path is name as people see it: "out/db.t.parquet",
	// "s3://bucket/prefix/db.t.parquet".
	Path(name string) string
	// String is the location: "out", "s3://bucket/prefix".
	String() string
}

// Object is one file being written. It is not safe for concurrent use.
type Object interface {
	// Write appends p. The first failure sticks and names the object.
	io.Writer
	// Close stores every byte written and returns the size: under a
	// temporary name in a directory, under the final name in an object
	// store (which cannot rename). After an error the caller owes Abort.
	Close() (int64, error)
	// Publish makes a closed object visible under its final name; a
	// no-op in object stores, where Close did.
	Publish() error
	// Abort removes whatever the object left, whatever its state,
	// published included: a table that fails takes all its files.
	Abort() error
}

// RemoteOptions tune object-storage outputs (package objstore). Zero
// values take its defaults.
type RemoteOptions struct {
	// Endpoint is the S3 API endpoint of an S3-compatible store
	// (MinIO, Ceph, versitygw...); "" uses AWS_ENDPOINT_URL(_S3) or AWS.
	// Requests then use path-style addressing.
	Endpoint string
	// PartSize is the size of one upload request: an S3 multipart part
	// (at least 5 MiB) or a GCS resumable chunk. Default 16 MiB.
	PartSize int64
	// Concurrency is the parts of one object uploaded at once (S3).
	// Default 4. Memory per object being written is about
	// PartSize × (Concurrency + 1) on S3, PartSize on GCS.
	Concurrency int
}

// Location is a parsed --out value.
type Location struct {
	Scheme string // "" for a local directory, "s3" or "gs"
	Bucket string
	Prefix string // without leading or trailing "/"; the directory for local paths
}

// ParseLocation reads an --out value: a directory, s3://bucket[/prefix] or
// gs://bucket[/prefix].
func ParseLocation(s string) (Location, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		if s == "" {
			return Location{}, fmt.Errorf("%w: empty", ErrBadLocation)
		}
		return Location{Prefix: s}, nil
	}
	scheme = strings.ToLower(scheme)
	if scheme != "s3" && scheme != "gs" {
		return Location{}, fmt.Errorf("%w %q: use a directory, s3://bucket/prefix or gs://bucket/prefix", ErrBadLocation, s)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	prefix = strings.Trim(prefix, "/")
	if bucket == "" {
		return Location{}, fmt.Errorf("%w %q: no bucket", ErrBadLocation, s)
	}
	for _, part := range strings.Split(prefix, "/") {
		if part == "." || part == ".." || prefix != "" && part == "" {
			return Location{}, fmt.Errorf("%w %q: the prefix has an empty, \".\" or \"..\" segment", ErrBadLocation, s)
		}
	}
	return Location{Scheme: scheme, Bucket: bucket, Prefix: prefix}, nil
}

// Remote reports whether the location is an object store.
func (l Location) Remote() bool { return l.Scheme != "" }

func (l Location) String() string {
	if !l.Remote() {
		return l.Prefix
	}
	s := l.Scheme + "://" + l.Bucket
	if l.Prefix != "" {
		s += "/" + l.Prefix
	}
	return s
}

// Join is the location of a sub-directory or sub-prefix: DIR/source.
func (l Location) Join(elem string) Location {
	if !l.Remote() {
		l.Prefix = filepath.Join(l.Prefix, elem)
		return l
	}
	l.Prefix = strings.TrimPrefix(l.Prefix+"/"+elem, "/")
	return l
}

// OpenDir is the store of a local directory, created if missing.
func OpenDir(dir string) (Store, error) { return openDir(dir) }
