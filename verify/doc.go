// Package verify compares tables between two clusters: schema, then data by
// chunk checksums, drilling down to rows and writing fix SQL.
//
// # Flow of a run
//
//  1. Tables. The selected source tables are paired with target tables
//     through a Mapping (renames, a schema moved). A table on one side only
//     is a finding and a difference, also under --data-only; a target
//     account that may not see some tables gets a hint, never "equal".
//     A source that is the target (the same server under another name) is
//     refused.
//  2. Schema. CompareSchemas reports every way the definitions differ,
//     by severity: columns, types, defaults, indexes, charsets. Only the
//     errors fail a run; the rest are notes a migration expects.
//  3. Plan. Each pair gets a key (the primary key or a unique index both
//     sides share) and a checksum.Plan: how each column is normalized so
//     the two servers' values compare by meaning, not by spelling. Chunk
//     bounds come from the source and are applied to both sides. Where the
//     sides order the key differently (another collation, text against
//     bytes, a DECIMAL that widened) the bounds are checked on the target
//     too and keys are looked up by exact value, so every target row is
//     counted in exactly one chunk.
//  4. Compare. A chunk is hashed on the client from Arrow batches (Stream),
//     or by each server (Pushdown, only where both encode identically; a
//     row whose server hash comes out NULL sends its chunk to Stream). Auto
//     picks per table.
//  5. Drill. A chunk whose sums differ is listed by key on both sides,
//     and the differing keys are fetched to name the changed columns.
//     Keyless tables compare rows as a multiset.
//  6. Fix. Each difference becomes a statement of the fix SQL file that
//     makes the target equal the source, or a comment saying why not.
//
// # Status
//
// A table is "equal" only when every chunk was compared to the end on both
// sides. A run that fails or is interrupted marks what it did not finish
// "incomplete", and the first real error (naming table, chunk and server)
// is the one returned: cancellations that follow it are never the message.
// Reads that fail because a connection went away are retried on a new
// one (Options.Retry); a --state file lets a stopped run resume at its
// last finished chunk.
package verify
