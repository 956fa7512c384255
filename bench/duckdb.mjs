// duckdb.mjs: the DuckDB side of the benchmark (bench/run).
//
// Usage: node duckdb.mjs TASK LOG OUT [CUR_START PREV_START END]
//   TASK alltime   per operation, every record: count, success, mean, p95,
//                  p99 (quantile_cont), min, max; written to OUT as TSV
//   TASK monthly   the same for the windows [CUR_START, END) ("current") and
//                  [PREV_START, CUR_START) ("previous"); the key is
//                  "window/operation"
//   TASK export    every record to CSV at OUT (bench/run gives /dev/null)
//   TASK version   print DuckDB's version
//
// The log is read with read_json, format newline_delimited and explicit
// columns (no sampling or type detection), timestamps parsed as TIMESTAMPTZ,
// on 2 threads (SET threads=2). Numbers are written by JavaScript's
// Number#toString, the shortest text that reads back as the same double.
// The script must sit beside a node_modules holding @duckdb/node-api:
// bench/run copies it into bench/out/.

import { DuckDBInstance } from '@duckdb/node-api';

const [task, log, out, curStart, prevStart, end] = process.argv.slice(2);

function sqlString(s) {
  return "'" + String(s).replaceAll("'", "''") + "'";
}

function readJson(columns) {
  const cols = Object.entries(columns)
    .map(([k, v]) => `${k}: '${v}'`)
    .join(', ');
  return `read_json(${sqlString(log)}, format = 'newline_delimited', ` +
    `auto_detect = false, columns = {${cols}})`;
}

const STATS = `count(*) AS n, count_if(success) AS ok, avg(duration_ms) AS mean,
  quantile_cont(duration_ms, 0.95) AS p95, quantile_cont(duration_ms, 0.99) AS p99,
  min(duration_ms) AS lo, max(duration_ms) AS hi`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run('SET threads = 2');

async function writeTsv(sql) {
  const { writeFileSync } = await import('node:fs');
  const reader = await con.runAndReadAll(sql);
  const lines = reader.getRows().map((row) => row.map(String).join('\t'));
  writeFileSync(out, lines.join('\n') + (lines.length ? '\n' : ''));
}

const ts = (t) => `TIMESTAMPTZ ${sqlString(t)}`;

switch (task) {
case 'version': {
  const reader = await con.runAndReadAll('SELECT version()');
  console.log(String(reader.getRows()[0][0]));
  break;
}
case 'alltime':
  await writeTsv(`SELECT operation_type, ${STATS}
    FROM ${readJson({ operation_type: 'VARCHAR', duration_ms: 'DOUBLE', success: 'BOOLEAN' })}
    GROUP BY operation_type ORDER BY n DESC, operation_type`);
  break;
case 'monthly':
  await writeTsv(`SELECT (CASE WHEN timestamp >= ${ts(curStart)} THEN 'current'
      ELSE 'previous' END) || '/' || operation_type AS k, ${STATS}
    FROM ${readJson({ timestamp: 'TIMESTAMPTZ', operation_type: 'VARCHAR',
      duration_ms: 'DOUBLE', success: 'BOOLEAN' })}
    WHERE timestamp >= ${ts(prevStart)} AND timestamp < ${ts(end)}
    GROUP BY k ORDER BY k`);
  break;
case 'export':
  await con.run(`COPY (SELECT timestamp, operation_type, duration_ms, success,
      session_id, error, context
    FROM ${readJson({ timestamp: 'TIMESTAMPTZ', operation_type: 'VARCHAR',
      duration_ms: 'DOUBLE', success: 'BOOLEAN', session_id: 'VARCHAR',
      error: 'VARCHAR', context: 'JSON' })})
    TO ${sqlString(out)} (FORMAT csv, HEADER true)`);
  break;
default:
  console.error(`duckdb.mjs: unknown task '${task}'`);
  process.exit(2);
}
