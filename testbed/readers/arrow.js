// Reads an Arrow IPC stream with npm apache-arrow and prints it as JSON:
// {"fields": [{"name", "type"}], "columns": [[value, ...], ...]}, every
// value as exact text (null for NULL). Numbers and temporal values are
// read from the column's buffers, not through get(), which turns
// microseconds into fractional milliseconds and prints only the low 128
// bits of a decimal256.
const arrow = require('apache-arrow');
const fs = require('fs');

function hex(bytes) { return Buffer.from(bytes).toString('hex'); }

// words: little-endian 32-bit words of a two's complement integer.
function wordsToBigInt(words) {
  let x = 0n;
  for (let i = words.length - 1; i >= 0; i--) x = (x << 32n) | BigInt(words[i] >>> 0);
  const bits = BigInt(32 * words.length);
  if (x >= (1n << (bits - 1n))) x -= (1n << bits);
  return x;
}

function decimalText(v, scale) {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (neg ? '-' : '') + digits;
}

function cell(type, data, i) {
  const id = type.typeId;
  const T = arrow.Type;
  const at = data.offset + i;
  switch (id) {
    case T.Decimal: {
      const stride = type.bitWidth / 32;
      return decimalText(wordsToBigInt(data.values.subarray(at * stride, (at + 1) * stride)), type.scale);
    }
    case T.Timestamp: case T.Duration: case T.Int: case T.Date: case T.Time:
      return data.values[at].toString();
    case T.Float:
      return Number(data.values[at]).toString();
    case T.Binary: case T.Utf8: {
      const lo = data.valueOffsets[at], hi = data.valueOffsets[at + 1];
      const bytes = data.values.subarray(lo, hi);
      return id === T.Binary ? hex(bytes) : Buffer.from(bytes).toString('utf8');
    }
    case T.Bool:
      return ((data.values[at >> 3] >> (at & 7)) & 1) === 1 ? 'true' : 'false';
  }
  throw new Error('unexpected Arrow type ' + type.toString());
}

const table = arrow.tableFromIPC(fs.readFileSync(process.argv[2]));
const out = { fields: [], columns: [] };
for (const f of table.schema.fields) {
  out.fields.push({ name: f.name, type: f.type.toString() });
  const vals = [];
  for (const data of table.getChild(f.name).data) {
    for (let i = 0; i < data.length; i++) vals.push(data.getValid(i) ? cell(f.type, data, i) : null);
  }
  out.columns.push(vals);
}
process.stdout.write(JSON.stringify(out));
