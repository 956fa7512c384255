#!/bin/sh
# merge-sql.sh - doc/merge-summaries.sql (SPEC section 18, "Engines for fleets") against
# perf-reporter's own merge. Five hosts' logs (different operations, days and hours, zeros,
# failures, a bimodal and a heavy-tailed part, hostile group values: quotes, backslashes,
# tabs, control characters, U+2028, non-ASCII raw and escaped, a value too small for the
# lowest bucket) are summarized histogram-only (summarize --exact-limit 0), two ways: by day
# and operation_type; by hour, operation_type and context.region at accuracy 0.05. The
# summaries are merged by DuckDB running the SQL file (the variables files and output, as
# SPEC 18 gives them) and by `perf-reporter summarize A B ...`; then:
#   - the two merged summaries give the same reports (report with five percentiles, and
#     --by where grouped so; monthly; weekly), JSON field by field: whole numbers and
#     strings exact, percentiles identical, other numbers within 1e-12 relative; the same
#     messages on standard error;
#   - the files are the same bytes (the SQL folds Chan's formula in the order of files, as
#     perf-reporter merges), in the given order and reversed;
#   - three broken copies of the SQL (Chan's cross term dropped, histogram counts one bucket
#     off, failures not added) each give a report the comparison rejects, so the comparison
#     can fail;
#   - summaries that differ in accuracy, keys or bucket, or hold values, stop the SQL with a
#     message naming the file and the difference, and an existing output is left as it was.
# Skips (77) without node, @duckdb/node-api or python3. The package is looked for as
# tests/e2e/slicing-duckdb.sh looks for it: $DUCKDB_NODE_MODULES, then
# tests/e2e/.duckdb/node_modules (where .ci/run installs it), then bench/out/node_modules.
. "$(dirname "$0")/setup.sh"

sql=$top_srcdir/doc/merge-summaries.sql
duckdb_modules
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: needs python3"
	exit 77
fi

# The runner: SET VARIABLE files and output (SPEC 18's interface), then the SQL file's text;
# an SQL error goes to standard error, status 1. It resolves its import beside itself.
mkdir "$tmpdir/duck"
ln -s "$(cd "$mods" && pwd)" "$tmpdir/duck/node_modules"
cat >"$tmpdir/duck/merge.mjs" <<'EOF'
// node merge.mjs SQL_FILE OUTPUT SUMMARY...
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [sqlFile, output, ...files] = process.argv.slice(2);
const q = (s) => "'" + String(s).replaceAll("'", "''") + "'";
if (process.env.MERGE_SQL_VERSION) {
  const inst = await DuckDBInstance.create(':memory:');
  const r = await (await inst.connect()).runAndReadAll('SELECT version()');
  console.log(String(r.getRows()[0][0]));
  process.exit(0);
}
try {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run('SET threads = 2');
  await con.run(`SET VARIABLE files = [${files.map(q).join(', ')}]; ` +
    `SET VARIABLE output = ${q(output)};`);
  await con.run(readFileSync(sqlFile, 'utf8'));
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
}
EOF
if ! MERGE_SQL_VERSION=1 node "$tmpdir/duck/merge.mjs" >"$tmpdir/version" 2>&1 </dev/null; then
	echo "skipped: @duckdb/node-api in $mods does not load: $(head -c 300 "$tmpdir/version")"
	exit 77
fi
echo "DuckDB $(cat "$tmpdir/version") from $mods"

# duck SQL OUT FILE...: the SQL file run by DuckDB; its messages in $tmpdir/duck.err.
duck() {
	node "$tmpdir/duck/merge.mjs" "$@" </dev/null 2>"$tmpdir/duck.err" >/dev/null
}

# The hosts' logs: host i has three of six operations, twelve days from day 3i - 2, a
# context.region among hostile strings (written with JSON escapes on odd hosts, raw UTF-8
# on even ones); host 3 adds 1e-300 (below bucket -40000: a zero of the histogram) and 0.
python3 - "$tmpdir" <<'PY'
import json, random, sys
allops = ['llm_call', 'tool_call', 'db_query', 'embed', 'retrieve', 'rare']
regions = ['eu', 'us-east', 'a"quote', 'caf\u00e9', 'tab\there', 'Z', 'a', 'a b',
           'back\\slash', '\u2028x', 'ctl\u0001', '/slash', '\u00ff', '']
for host in range(1, 6):
    r = random.Random(host)
    ops = allops[host % 3:host % 3 + 3]
    with open('%s/host%d.jsonl' % (sys.argv[1], host), 'w', encoding='utf-8') as f:
        for i in range(1500 + 300 * host):
            u = r.random()
            if u < 0.02:
                d = 0.0
            elif u < 0.5:
                d = r.lognormvariate(3 + 0.3 * host, 0.6)
            elif u < 0.8:
                d = r.lognormvariate(6, 0.3)
            else:
                d = r.paretovariate(1.5) * 10
            ts = '2026-10-%02dT%02d:%02d:%02d.%03dZ' % (3 * host - 2 + r.randrange(12),
                r.randrange(24), r.randrange(60), r.randrange(60), r.randrange(1000))
            rec = {'timestamp': ts, 'operation_type': r.choice(ops),
                   'duration_ms': round(d, 3), 'success': r.random() > 0.07,
                   'context': {'region': r.choice(regions)}}
            f.write(json.dumps(rec, ensure_ascii=bool(host % 2)) + '\n')
        if host == 3:
            for ts, d in (('2026-10-20T05:00:00.000Z', 1e-300), ('2026-10-21T05:00:00.000Z', 0)):
                f.write(json.dumps({'timestamp': ts, 'operation_type': 'rare',
                                    'duration_ms': d, 'success': False,
                                    'context': {'region': 'tiny'}}) + '\n')
PY

# The comparison of two JSON reports (compare.py A B): generated_at aside, the same keys,
# lists and strings; whole numbers exact; percentiles (keys p<N>_ms) identical; other
# numbers within 1e-12 relative.
cat >"$tmpdir/compare.py" <<'PY'
import json, re, sys

def walk(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            sys.exit('%s: keys %s against %s' % (path, sorted(a), sorted(b)))
        for k in a:
            if k != 'generated_at':
                walk(a[k], b[k], path + '.' + k)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            sys.exit('%s: %d items against %d' % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, '%s[%d]' % (path, i))
    elif isinstance(a, bool) or isinstance(b, bool) or a is None or b is None \
            or isinstance(a, str) or isinstance(b, str):
        if a != b or type(a) != type(b):
            sys.exit('%s: %r against %r' % (path, a, b))
    elif isinstance(a, int) and isinstance(b, int):
        if a != b:
            sys.exit('%s: %d against %d' % (path, a, b))
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if re.fullmatch(r'.*\.p[0-9.]+_ms', path):
            if a != b:
                sys.exit('%s (a percentile): %r against %r' % (path, a, b))
        elif abs(a - b) > 1e-12 * max(abs(a), abs(b)):
            sys.exit('%s: %r against %r' % (path, a, b))
    else:
        sys.exit('%s: %r against %r' % (path, a, b))

a = json.load(open(sys.argv[1], encoding='utf-8'))
b = json.load(open(sys.argv[2], encoding='utf-8'))
walk(a, b, '$')
if not a.get('operations'):
    sys.exit('no rows to compare')
PY

mkdir "$tmpdir/pr" "$tmpdir/sql"
# reports TAG DIR BYARGS: the reports of DIR/merged.s (run in DIR, so that the file's name
# is the same) into DIR/TAG-N.json and DIR/TAG-N.err; status 1 when one fails.
reports() {
	(
		cd "$2" || exit 1
		n=0
		# shellcheck disable=SC2086
		for args in "report --since 2026-10-01 --until 2026-11-01 --percentiles 1,50,90,99,99.9 $3" \
		    "monthly --now 2026-11-01" "weekly --now 2026-10-20T12:00:00Z"; do
			n=$((n + 1))
			pr $args -f json merged.s >"$1-$n.json" 2>"$1-$n.err" || exit 1
		done
	)
}
# same_reports A B: the reports pr/A-N against sql/B-N agree; 0 or 1 (why in $tmpdir/why).
same_reports() {
	for n in 1 2 3; do
		python3 "$tmpdir/compare.py" "$tmpdir/pr/$1-$n.json" "$tmpdir/sql/$2-$n.json" \
		    >"$tmpdir/why" 2>&1 || { sed -i "1s/^/report $n: /" "$tmpdir/why"; return 1; }
		cmp -s "$tmpdir/pr/$1-$n.err" "$tmpdir/sql/$2-$n.err" ||
		    { echo "report $n: standard error differs" >"$tmpdir/why"; return 1; }
	done
	return 0
}

# The two forms: NAME, the summarize options, the reports' --by.
for form in "day|--exact-limit 0|" \
    "hour|--exact-limit 0 --bucket hour --by operation_type,context.region --accuracy 0.05|--by operation_type,context.region"; do
	name=${form%%|*}
	rest=${form#*|}
	opts=${rest%%|*}
	by=${rest#*|}
	set --
	for i in 1 2 3 4 5; do
		# shellcheck disable=SC2086
		pr summarize $opts -o "$tmpdir/$name$i.s" "$tmpdir/host$i.jsonl"
		set -- "$@" "$tmpdir/$name$i.s"
	done
	pr summarize -o "$tmpdir/pr/merged.s" "$@"
	if ! duck "$sql" "$tmpdir/sql/merged.s" "$@"; then
		fail "$name-sql" "$(head -c 2000 "$tmpdir/duck.err")"
		continue
	fi
	if cmp -s "$tmpdir/pr/merged.s" "$tmpdir/sql/merged.s"; then ok "$name-bytes"; else
		fail "$name-bytes" "the merged summaries differ: $(diff "$tmpdir/pr/merged.s" \
		    "$tmpdir/sql/merged.s" | head -c 1500)"
	fi
	reports "$name" "$tmpdir/pr" "$by" || fail "$name-reports-pr" "$(cat "$tmpdir/pr/$name"-*.err)"
	if ! reports "$name" "$tmpdir/sql" "$by"; then
		fail "$name-reports-sql" "perf-reporter does not read DuckDB's summary: $(cat \
		    "$tmpdir/sql/$name"-*.err)"
	elif same_reports "$name" "$name"; then
		ok "$name-reports"
	else
		fail "$name-reports" "$(cat "$tmpdir/why")"
	fi

	# Reversed: DuckDB's merge of the reversed list is perf-reporter's of it, bytes and all,
	# and its reports agree with those of the given order (other doubles, within 1e-12).
	pr summarize -o "$tmpdir/rev-pr.s" "$5" "$4" "$3" "$2" "$1"
	if ! duck "$sql" "$tmpdir/sql/merged.s" "$5" "$4" "$3" "$2" "$1"; then
		fail "$name-reversed" "$(head -c 2000 "$tmpdir/duck.err")"
	elif ! cmp -s "$tmpdir/rev-pr.s" "$tmpdir/sql/merged.s"; then
		fail "$name-reversed-bytes" "DuckDB's merge of the reversed list differs from perf-reporter's"
	elif ! reports rev "$tmpdir/sql" "$by"; then
		fail "$name-reversed" "$(cat "$tmpdir/sql/rev"-*.err)"
	elif same_reports "$name" rev; then
		ok "$name-reversed"
	else
		fail "$name-reversed" "$(cat "$tmpdir/why")"
	fi

	# Broken copies of the SQL: the comparison must see each one.
	for mutant in "chan|(b.mean - a.mean) \* (b.mean - a.mean)|0.0 * (b.mean - a.mean)" \
	    "index|generate_subscripts(h.counts, 1) - 1|generate_subscripts(h.counts, 1)" \
	    "failed|sum(failed) AS failed|max(failed) AS failed"; do
		mname=${mutant%%|*}
		rest=${mutant#*|}
		from=${rest%%|*}
		to=${rest#*|}
		sed "s/$from/$to/" "$sql" >"$tmpdir/mutant.sql"
		if cmp -s "$sql" "$tmpdir/mutant.sql"; then
			fail "$name-mutant-$mname" "the SQL no longer holds '$from': update this test"
		elif ! duck "$tmpdir/mutant.sql" "$tmpdir/sql/merged.s" "$@"; then
			fail "$name-mutant-$mname" "the broken SQL failed: $(head -c 500 "$tmpdir/duck.err")"
		elif ! reports mutant "$tmpdir/sql" "$by"; then
			ok "$name-mutant-$mname"
			echo "broken SQL ($mname) seen: perf-reporter refuses its summary"
		elif same_reports "$name" mutant; then
			fail "$name-mutant-$mname" "the reports of a broken merge ($from -> $to) pass the comparison"
		else
			ok "$name-mutant-$mname"
			echo "broken SQL ($mname) seen: $(cat "$tmpdir/why")"
		fi
	done
done

# Refusals: each stops the SQL with a message naming the file and the difference, and the
# output already there is left as it was.
pr summarize --exact-limit 0 --accuracy 0.02 -o "$tmpdir/acc.s" "$tmpdir/host2.jsonl"
pr summarize -o "$tmpdir/values.s" "$tmpdir/host2.jsonl"
pr summarize --exact-limit 0 --by operation_type,success -o "$tmpdir/keys.s" "$tmpdir/host2.jsonl"
pr summarize --exact-limit 0 --bucket hour -o "$tmpdir/hourly.s" "$tmpdir/host2.jsonl"
for bad in "acc.s|accuracy 0.02 and" "values.s|holds \"values\"" \
    "keys.s|grouped by different keys" "hourly.s|bucket hour and" \
    "host2.jsonl|has no summary header"; do
	f=${bad%%|*}
	want=${bad#*|}
	echo keep >"$tmpdir/out.s"
	if duck "$sql" "$tmpdir/out.s" "$tmpdir/day1.s" "$tmpdir/$f"; then
		fail "refuse-$f" "the SQL merged $f"
	elif ! grep -q "merge-summaries.sql: .*$f.*$want\|merge-summaries.sql: .*$want.*$f" \
	    "$tmpdir/duck.err"; then
		fail "refuse-$f" "the message lacks '$want' or the file: $(head -c 500 "$tmpdir/duck.err")"
	elif [ "$(cat "$tmpdir/out.s")" != keep ]; then
		fail "refuse-$f" "the output was overwritten"
	else
		ok "refuse-$f"
	fi
done

finish
