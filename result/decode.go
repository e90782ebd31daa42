package result

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parity-db/parity/bench"
)

// ErrUnknownDocument means a file is not a parity --json document.
var ErrUnknownDocument = errors.New("not a parity result document (written by --json)")

// ErrNotBench means a file is not a bench result.
var ErrNotBench = errors.New("not a parity bench result")

// CheckVersion refuses a layout newer than this parity reads.
func CheckVersion(v int) error {
	if v > SchemaVersion {
		return fmt.Errorf("schema_version %d is newer than this parity reads (%d): upgrade parity", v, SchemaVersion)
	}
	return nil
}

// Decode reads any --json document: extract, verify, bench, bench
// compare or replay.
func Decode(r io.Reader) (Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var head Envelope
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnknownDocument, err)
	}
	if err := CheckVersion(head.SchemaVersion); err != nil {
		return nil, err
	}
	var d Document
	switch head.Command {
	case CommandExtract:
		d = &Extract{}
	case CommandVerify:
		d = &Verify{}
	case CommandBench:
		d = &Bench{}
	case CommandBenchCompare:
		d = &BenchCompare{}
	case CommandReplay:
		d = &Replay{}
	default:
		return nil, fmt.Errorf("%w (command %q)", ErrUnknownDocument, head.Command)
	}
	if err := json.Unmarshal(data, d); err != nil {
		return nil, fmt.Errorf("%s document: %w", head.Command, err)
	}
	return d, nil
}

// DecodeBenchRecord reads a bench --json document and returns its summary,
// what bench compare compares.
func DecodeBenchRecord(r io.Reader) (*bench.Record, error) {
	var d Bench
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotBench, err)
	}
	if d.Command != CommandBench || d.Result == nil {
		return nil, fmt.Errorf("%w (command %q)", ErrNotBench, d.Command)
	}
	if err := CheckVersion(d.SchemaVersion); err != nil {
		return nil, err
	}
	rec := d.Record()
	return &rec, nil
}

// LoadBenchRecord reads the bench --json document at path and returns its
// summary.
func LoadBenchRecord(path string) (*bench.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rec, err := DecodeBenchRecord(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rec, nil
}
