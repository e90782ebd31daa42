package sink

import "errors"

// Kinds of failure a caller can act on. Match them with errors.Is.
var (
	// ErrUnknownFormat: the --format value is not one of the formats.
	ErrUnknownFormat = errors.New("unknown output format")
	// ErrUnknownCompression: the codec does not exist for the chosen format.
	ErrUnknownCompression = errors.New("unknown compression")
	// ErrUnsupportedType: a column's Arrow type cannot be written in the
	// chosen format.
	ErrUnsupportedType = errors.New("unsupported column type")
	// ErrUnknownDialect: the --csv-dialect value is not one of the dialects.
	ErrUnknownDialect = errors.New("unknown CSV dialect")
	// ErrBadLocation: the --out value is not a directory or an s3:// or
	// gs:// URL parity can write to.
	ErrBadLocation = errors.New("bad output location")
)
