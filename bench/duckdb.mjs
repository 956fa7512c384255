// duckdb.mjs: the DuckDB side of the benchmark (bench/run).
//
// Usage: node duckdb.mjs TASK LOG OUT [CUR_START PREV_START END]
//        node duckdb.mjs by LOG OUT SINCE UNTIL KEYS [PERCENTILES]
//   TASK alltime   per operation, every record: count, success, mean, p95,
//                  p99 (quantile_cont), min, max; written to OUT as TSV
//   TASK monthly   the same for the windows [CUR_START, END) ("current") and
//                  [PREV_START, CUR_START) ("previous"); the key is
//                  "window/operation"
//   TASK export    every record to CSV at OUT (bench/run gives /dev/null)
//   TASK by        perf-reporter's `report --since SINCE --until UNTIL
//                  --by KEYS --percentiles PERCENTILES` (comma-separated;
//                  default 50,95,99): one JSON line per group (see below)
//   TASK version   print DuckDB's version
//
// The log is read with read_json, format newline_delimited and explicit
// columns (no sampling or type detection), timestamps parsed as TIMESTAMPTZ,
// on 2 threads (SET threads=2). Numbers are written by JavaScript's
// Number#toString, the shortest text that reads back as the same double.
//
// Task by: the same read, with `context` (and any other top-level key a KEY
// starts with) read as JSON, GROUP BY the keys' values, the rules of SPEC
// section 14 written again in SQL: operation_type, session_id and error as
// read; success as given, else whether error is null; any other KEY (say
// context.meta.region) the value at its dot path (json_extract on the
// column, path '$."meta"."region"'): a string's own text, a boolean's
// true/false, an integer that fits 64 signed bits as written, any other
// number as jansson's compact dump at precision 15 (printf '%.15g', ".0"
// added when there is neither '.' nor 'e', the exponent's '+' and leading
// zeros removed, magnitudes from 1.797693134862315e308 on written
// 1.79769313486231e308, the largest that reads back); null, an object, an
// array and absence are null, written "(none)". A line:
//   {"group": {"KEY": "value", ...}, "count": N, "success": N,
//    "avg_ms": X, "p50_ms": X, ..., "min_ms": X, "max_ms": X}
// quantile_cont is the linear percentile between closest ranks, numpy's
// default and perf-reporter's.
// The script must sit beside a node_modules holding @duckdb/node-api:
// bench/run copies it into bench/out/.

import { DuckDBInstance } from '@duckdb/node-api';

const [task, log, out, curStart, prevStart, end] = process.argv.slice(2);

function sqlString(s) {
  return "'" + String(s).replaceAll("'", "''") + "'";
}

function sqlName(s) {
  return '"' + String(s).replaceAll('"', '""') + '"';
}

function readJson(columns) {
  const cols = Object.entries(columns)
    .map(([k, v]) => `${sqlName(k)}: '${v}'`)
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

// The text of a JSON scalar under --by (see the header); NULL otherwise.
const BY_MACROS = [
  `CREATE MACRO by_exp(s) AS regexp_replace(
     CASE WHEN contains(s, '.') OR contains(s, 'e') THEN s ELSE s || '.0' END,
     'e[+]?(-?)0*([0-9])', 'e\\1\\2')`,
  `CREATE MACRO by_real(x) AS by_exp(printf('%.15g',
     CASE WHEN abs(x) >= 1.797693134862315e308
     THEN sign(x) * 1.79769313486231e308 ELSE x END))`,
  `CREATE MACRO by_text(j) AS CASE json_type(j)
     WHEN 'VARCHAR' THEN j ->> '$'
     WHEN 'BOOLEAN' THEN j ->> '$'
     WHEN 'BIGINT' THEN CAST(CAST(j AS BIGINT) AS VARCHAR)
     WHEN 'UBIGINT' THEN CASE WHEN CAST(j AS UBIGINT) <= 9223372036854775807
       THEN CAST(CAST(j AS UBIGINT) AS VARCHAR)
       ELSE by_real(CAST(j AS DOUBLE)) END
     WHEN 'DOUBLE' THEN by_real(CAST(j AS DOUBLE))
     ELSE NULL END`,
];

// Task by: the query, and how to turn its rows into JSON lines.
function byQuery(since, until, keys, pcts) {
  const columns = { timestamp: 'TIMESTAMPTZ', operation_type: 'VARCHAR',
    duration_ms: 'DOUBLE', success: 'BOOLEAN', session_id: 'VARCHAR',
    error: 'VARCHAR' };
  const inner = [];
  const outer = [];
  keys.forEach((key, i) => {
    const k = `k${i}`;
    if (key === 'operation_type' || key === 'session_id' || key === 'error') {
      inner.push(`${sqlName(key)} AS ${k}`);
      outer.push(k);
      return;
    }
    if (key === 'success') {
      inner.push(`CASE WHEN coalesce(success, error IS NULL) THEN 'true'
        ELSE 'false' END AS ${k}`);
      outer.push(k);
      return;
    }
    const [col, ...path] = key.split('.');
    columns[col] = 'JSON';
    const jp = '$' + path.map((p) => '.' + sqlName(p)).join('');
    inner.push(`json_extract(${sqlName(col)}, ${sqlString(jp)}) AS ${k}`);
    outer.push(`by_text(${k}) AS ${k}`);
  });
  const names = keys.map((_, i) => `k${i}`).join(', ');
  const qs = pcts.map((p) => String(p / 100)).join(', ');
  return `SELECT ${names}, count(*) AS n, count_if(ok) AS ok, avg(d) AS mean,
      quantile_cont(d, [${qs}]) AS q, min(d) AS lo, max(d) AS hi
    FROM (SELECT ${outer.join(', ')}, ok, d
      FROM (SELECT ${inner.join(', ')},
          coalesce(success, error IS NULL) AS ok, duration_ms AS d
        FROM ${readJson(columns)}
        WHERE timestamp >= ${ts(since)} AND timestamp < ${ts(until)}))
    GROUP BY ${names} ORDER BY n DESC, ${names}`;
}

async function writeBy(since, until, keys, pcts) {
  const { writeFileSync } = await import('node:fs');
  await con.run("SET TimeZone = 'UTC'");
  for (const m of BY_MACROS)
    await con.run(m);
  const reader = await con.runAndReadAll(byQuery(since, until, keys, pcts));
  const lines = reader.getRowsJS().map((row) => {
    const group = {};
    keys.forEach((key, i) => { group[key] = row[i] ?? '(none)'; });
    const [n, ok, mean, q, lo, hi] = row.slice(keys.length);
    const r = { group, count: Number(n), success: Number(ok), avg_ms: mean };
    pcts.forEach((p, i) => { r[`p${p}_ms`] = q[i]; });
    r.min_ms = lo;
    r.max_ms = hi;
    return JSON.stringify(r);
  });
  writeFileSync(out, lines.join('\n') + (lines.length ? '\n' : ''));
}

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
case 'by': {
  const [since, until, keys, pcts] = process.argv.slice(5);
  await writeBy(since, until, keys.split(','), (pcts ?? '50,95,99').split(','));
  break;
}
default:
  console.error(`duckdb.mjs: unknown task '${task}'`);
  process.exit(2);
}
