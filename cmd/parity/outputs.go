package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/objstore"
	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/sink"
)

// output is a file flag's value: --json run.json, --report -.
type output struct{ flag, path string }

// checkOutputs runs before any work: at most one output may be "-"
// (stdout), and every other one must be writable now, so that a run of
// hours does not fail at its last step on a read-only or full directory.
func checkOutputs(command string, outs ...output) error {
	stdout := ""
	for _, o := range outs {
		if o.path != "-" {
			continue
		}
		if stdout != "" {
			return usageError{msg: fmt.Sprintf("%s: %s - and %s - would both write to stdout", command, stdout, o.flag), help: command}
		}
		stdout = o.flag
	}
	for _, o := range outs {
		if err := atomicfile.CheckWritable(o.path, o.flag); err != nil {
			return fmt.Errorf("%s: %w", command, err)
		}
	}
	return nil
}

// writeJSON writes v as indented JSON to path: nothing for "", stdout for
// "-", else atomically (see atomicfile.Write).
func writeJSON(path string, stdout io.Writer, v any) error {
	switch path {
	case "":
		return nil
	case "-":
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		_, err = stdout.Write(append(data, '\n'))
		return err
	}
	return reports.WriteJSONFile(path, v)
}

// writeReport renders r to path in the format its extension names, or as
// text to stdout for "-".
func writeReport(path string, stdout io.Writer, r *reports.Report) error {
	switch path {
	case "":
		return nil
	case "-":
		renderer, err := reports.NewRenderer(reports.FormatText, reports.RenderOptions{Width: textWidth(stdout)})
		if err != nil {
			return err
		}
		return renderer.Render(stdout, r)
	}
	return reports.WriteReport(path, r)
}

// remoteFlags tune s3:// and gs:// outputs.
type remoteFlags struct {
	endpoint    string
	partSize    byteSize
	concurrency int
}

func (r *remoteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.endpoint, "s3-endpoint", "", "S3 API `URL` of an S3-compatible store (MinIO, Ceph, versitygw); default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or AWS")
	fs.Var(&r.partSize, "upload-part-size", "bytes per upload request to S3 (at least 5M) or GCS (default 16M)")
	fs.IntVar(&r.concurrency, "upload-concurrency", objstore.DefaultConcurrency, "parts of one S3 object uploaded at once; memory per file is about part size x (this + 1)")
}

func (r remoteFlags) options() sink.RemoteOptions {
	return sink.RemoteOptions{Endpoint: r.endpoint, PartSize: int64(r.partSize), Concurrency: r.concurrency}
}

// byteSize is a flag holding a number of bytes: 1048576, 512K, 64M, 1G,
// 2T; K, M, G and T are powers of 1024, and may be followed by B or iB.
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// parseByteSize reads a byteSize value.
func parseByteSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	shift := 0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		case 'T':
			shift = 40
		}
		if shift > 0 {
			t = t[:n-1]
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size: use bytes or a number with K, M, G or T", s)
	}
	if n > (1<<63-1)>>shift {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n << shift, nil
}
