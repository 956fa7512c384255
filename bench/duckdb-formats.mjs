// duckdb-formats.mjs: DuckDB's read_json on the question `perf-reporter report
// --log-format vegeta` answers, for timing the formats against DuckDB (bench/RESULTS.md,
// "Formats on the fast path").
//
// Usage: node duckdb-formats.mjs vegeta LOG OUT
//   per operation (method || ' ' || url): count, error rate in percent (success is
//   200 <= code < 400, formats/vegeta.json), p95 of latency in milliseconds
//   (quantile_cont, the linear percentile perf-reporter uses); written to OUT as TSV.
// read_json with newline_delimited lines and explicit columns (no sampling), 2 threads,
// as bench/duckdb.mjs. The script must sit beside a node_modules holding
// @duckdb/node-api (npm install --prefix DIR @duckdb/node-api@1.5.6-r.1).

import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const [shape, log, out] = process.argv.slice(2);
if (shape !== 'vegeta' || !log || !out) {
  console.error('usage: node duckdb-formats.mjs vegeta LOG OUT');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run('SET threads = 2');
const file = "'" + log.replaceAll("'", "''") + "'";
const reader = await con.runAndReadAll(`
  SELECT method || ' ' || url AS op, count(*) AS n,
    100.0 * count_if(NOT (code >= 200 AND code < 400)) / count(*) AS err_pct,
    quantile_cont(latency / 1e6, 0.95) AS p95
  FROM read_json(${file}, format = 'newline_delimited', auto_detect = false,
    columns = {code: 'BIGINT', latency: 'BIGINT', method: 'VARCHAR', url: 'VARCHAR',
      timestamp: 'VARCHAR'})
  GROUP BY op ORDER BY op`);
const lines = reader.getRows().map((row) => row.map(String).join('\t'));
writeFileSync(out, lines.join('\n') + (lines.length ? '\n' : ''));
