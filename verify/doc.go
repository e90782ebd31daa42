// Package verify compares tables between two clusters: schema, then data by
// chunk checksums, drilling down to rows and writing fix SQL.
package verify
