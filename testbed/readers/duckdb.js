// Runs one SQL query with DuckDB (npm @duckdb/node-api) in memory and
// prints {"columns": [...], "types": [...], "rows": [[...], ...]} as JSON.
// Values come as DuckDB's JSON forms (bigints and decimals as text); a
// caller that needs exact text casts to VARCHAR in the query.
const duckdb = require('@duckdb/node-api');

(async () => {
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const result = await conn.runAndReadAll(process.argv[2]);
  process.stdout.write(JSON.stringify({
    columns: result.columnNames(),
    types: result.columnTypes().map((t) => t.toString()),
    rows: result.getRowsJson(),
  }));
})().catch((e) => {
  process.stderr.write(e.message + '\n');
  process.exit(1);
});
