package sink

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/parity-db/parity/extract"
)

// ManifestSchemaVersion is the manifest.json layout version. It changes
// only when a field is renamed or removed; fields may be added.
const ManifestSchemaVersion = 1

// ManifestName is the manifest's file name in the output directory.
const ManifestName = "manifest.json"

// Manifest describes one extraction run: which tables went into which
// files, so a later run (or another tool) can read the output without
// guessing from file names.
type Manifest struct {
	SchemaVersion int             `json:"schema_version"` // ManifestSchemaVersion when left 0
	Tool          string          `json:"tool"`
	Version       string          `json:"version"`
	Started       time.Time       `json:"started"`
	Finished      time.Time       `json:"finished"`
	Format        Format          `json:"format"`
	Compression   string          `json:"compression"`
	CSVDialect    Dialect         `json:"csv_dialect,omitempty"` // CSV only
	LoadScript    string          `json:"load_script,omitempty"` // the LOAD DATA script, CSV in the mysql dialect
	Server        any             `json:"server"`                // the source server's identity
	Tables        []ManifestTable `json:"tables"`
}

// ManifestTable is one extracted table.
type ManifestTable struct {
	Schema    string           `json:"schema"`
	Name      string           `json:"name"`
	Rows      int64            `json:"rows"`
	Bytes     int64            `json:"value_bytes"` // bytes of column values read from the server
	FileBytes int64            `json:"file_bytes"`  // bytes on disk
	Files     []string         `json:"files"`       // relative to the manifest's directory; parts in order
	Seconds   float64          `json:"seconds"`
	Columns   []ManifestColumn `json:"columns"`
	ZeroDates map[string]int64 `json:"zero_dates,omitempty"` // column → count of zero dates read as NULL
	Chunking  string           `json:"chunking"`             // how the table was cut, e.g. "pk id", "single"
}

// ManifestColumn maps one MySQL column to its Arrow type.
type ManifestColumn struct {
	Name      string `json:"name"`
	MySQLType string `json:"mysql_type"`
	ArrowType string `json:"arrow_type"`
	Nullable  bool   `json:"nullable"`
}

// NewManifest describes the extraction res, run by the given version of
// parity; Commit adds the format, the compression and the load script.
func NewManifest(res *extract.Result, version string) Manifest {
	m := Manifest{SchemaVersion: ManifestSchemaVersion, Tool: "parity", Version: version, Started: res.Started,
		Finished: res.Finished, Server: res.Server}
	for _, t := range res.Tables {
		mt := ManifestTable{Schema: t.Schema, Name: t.Name, Rows: t.Rows, Bytes: t.Bytes, FileBytes: t.Output.Bytes,
			Files: t.Output.Files, Seconds: t.Seconds, ZeroDates: t.ZeroDates, Chunking: t.Chunking}
		for i, c := range t.Table.Columns {
			mt.Columns = append(mt.Columns, ManifestColumn{Name: c.Name, MySQLType: c.ColumnType,
				ArrowType: t.Arrow.Field(i).Type.String(), Nullable: c.Nullable})
		}
		m.Tables = append(m.Tables, mt)
	}
	return m
}

// WriteManifest writes m to dir/manifest.json atomically, as indented JSON
// with tables sorted by schema then name, so two runs over the same tables
// produce files that diff cleanly. m is not modified. (Output.Commit
// writes a run's manifest.)
func WriteManifest(dir string, m Manifest) error {
	s, err := openDir(dir)
	if err != nil {
		return err
	}
	return writeManifest(s, m)
}

func writeManifest(s Store, m Manifest) error {
	if m.SchemaVersion == 0 {
		m.SchemaVersion = ManifestSchemaVersion
	}
	m.Tables = slices.Clone(m.Tables)
	if m.Tables == nil {
		m.Tables = []ManifestTable{}
	}
	slices.SortStableFunc(m.Tables, func(a, b ManifestTable) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Name, b.Name))
	})
	for i := range m.Tables {
		// Empty lists as [] rather than null: readers need not special-case.
		if m.Tables[i].Files == nil {
			m.Tables[i].Files = []string{}
		}
		if m.Tables[i].Columns == nil {
			m.Tables[i].Columns = []ManifestColumn{}
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	data = append(data, '\n')

	return writeObject(s, ManifestName, data)
}
