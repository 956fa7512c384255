#!/bin/sh
# slicing-duckdb.sh - --by (SPEC section 14) against a second independent GROUP BY: DuckDB's
# (bench/duckdb.mjs, task by: read_json, json_extract on the context read as JSON,
# quantile_cont). On the hostile log of tests/reference/ref-slicing.py (nested context,
# missing values, numbers and booleans as keys, Unicode and hostile strings) with lines
# added here for the text of numbers (jansson's integers and %.15g reals, -0, 1e300,
# subnormals, a tie at the 15th digit, DBL_MAX) and a top-level key, and on
# samples/agents.jsonl: every row of `report -f json --by KEYS` against DuckDB's, groups
# equal as sets, counts equal, every statistic within 1e-9 relative; -j 1, -j 3 and
# --no-fast-path byte-identical. Skips (77) without node, @duckdb/node-api or a python3 with
# numpy (for ref-slicing.py). The package is looked for in $DUCKDB_NODE_MODULES, then
# tests/e2e/.duckdb/node_modules (where .ci/run installs it), then bench/out/node_modules
# (bench/run's).
#
. "$(dirname "$0")/setup.sh"

duckdb_modules
# The script resolves its import beside itself: a copy next to a link to the package.
mkdir "$tmpdir/duck"
cp "$top_srcdir/bench/duckdb.mjs" "$tmpdir/duck/duckdb.mjs"
ln -s "$(cd "$mods" && pwd)" "$tmpdir/duck/node_modules"
if ! node "$tmpdir/duck/duckdb.mjs" version >"$tmpdir/version" 2>&1 </dev/null; then
	echo "skipped: @duckdb/node-api in $mods does not load: $(head -c 300 "$tmpdir/version")"
	exit 77
fi
echo "DuckDB $(cat "$tmpdir/version") from $mods"

# The log: the first python3 that runs the generator (it imports numpy) writes it.
log=$tmpdir/slices.jsonl
py=
for p in python3 /usr/bin/python3; do
	if "$p" "$top_srcdir/tests/reference/ref-slicing.py" gen "$log" 20000 7 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "skipped: no python3 runs tests/reference/ref-slicing.py (it needs numpy)"
	exit 77
fi
# Numbers as keys, each value on a few records (so that the percentiles interpolate):
# integers as written, reals as jansson's %.15g with ".0" and a bare exponent; a top-level
# key; strings with escapes. Every line valid and inside the window.
"$py" - "$log" <<'PY'
import sys
vals = ['0', '-0', '-0.0', '1.0', '1e2', '1E2', '1e20', '1.5e-7', '0.1', '0.30000000000000004',
        '123456789012345678', '9223372036854775807', '-9223372036854775808',
        '9223372036854775808', '18446744073709551615', '100000000000000000000', '1e300',
        '-1e-300', '1.7976931348623157e308', '-1.7976931348623157e308',
        '1.797693134862315e308', '1.79769313486231e308', '5e-324', '2.2250738585072014e-308',
        '0.000001', '1e-5', '1234567890123456.7', '100000000000000.5', '100000000000001.5',
        '123456.0', '1e14', '1e15', '1e16', '-1.5', '12345678901234567890123', 'true',
        'false', 'null', '{}', '[]', '[1,"a"]', '{"x":1}', '"42"', '"1e2"', '"\\u00e9\\u2028"',
        '"\\ud83d\\ude00 \\/ \\t"', '"(none)"', '"a / b"']
tenants = ['0', '-0', '1e2', '0.1', '42', '-7', '1.5', 'true', 'null', '[]', '{"t":1}',
           '"t1"', '"\\u001b[2J"', '9223372036854775807', '1e-5']
with open(sys.argv[1], 'a', encoding='utf-8') as f:
    for i, v in enumerate(vals):
        for j in range(4):
            model, region = v, vals[(i + j) % len(vals)]
            tenant = tenants[(i + j) % len(tenants)]
            tenant = '' if j == 3 else ',"tenant":' + tenant
            f.write('{"timestamp":"2026-10-%02dT%02d:00:00.%03dZ","operation_type":"num",'
                    '"duration_ms":%d.%03d,"success":%s%s,"context":{"model":%s,'
                    '"meta":{"region":%s}}}\n' % (10 + j, i % 24, i, 10 + 7 * i + 13 * j,
                    i * j, 'true' if j else 'false', tenant, model, region))
PY
since=2026-10-08T00:00:00.000Z
until=2026-10-29T00:00:00.000Z
agents=$top_srcdir/samples/agents.jsonl

# same NAME ARGS...: -j 1, -j 3 and --no-fast-path give the same bytes (and messages);
# leaves the output in $tmpdir/ours.json.
same() {
	name=$1
	shift
	pr "$@" -j 1 >"$tmpdir/ours.json" 2>"$tmpdir/e1"
	pr "$@" -j 3 >"$tmpdir/j3" 2>"$tmpdir/e3"
	pr "$@" --no-fast-path >"$tmpdir/nf" 2>"$tmpdir/enf"
	if cmp -s "$tmpdir/ours.json" "$tmpdir/j3" && cmp -s "$tmpdir/ours.json" "$tmpdir/nf" &&
	    cmp -s "$tmpdir/e1" "$tmpdir/e3" && cmp -s "$tmpdir/e1" "$tmpdir/enf"; then
		ok "same-$name"
	else
		fail "same-$name" "-j 1, -j 3 and --no-fast-path differ"
	fi
}

# check LOG SINCE UNTIL KEYS PERCENTILES: perf-reporter's rows against DuckDB's.
check() {
	name="$(basename "$1")-$4-$5"
	same "$name" report --since "$2" --until "$3" --by "$4" --percentiles "$5" \
	    --max-groups 100000 -f json "$1"
	if ! node "$tmpdir/duck/duckdb.mjs" by "$1" "$tmpdir/duck.jsonl" "$2" "$3" "$4" "$5" \
	    </dev/null >"$tmpdir/why" 2>&1; then
		fail "duckdb-$name" "$(head -c 2000 "$tmpdir/why")"
		return 0
	fi
	if "$py" - "$tmpdir/ours.json" "$tmpdir/duck.jsonl" "$5" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ours = d["operations"]
duck = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
stats = ["avg_ms"] + ["p%s_ms" % p for p in sys.argv[3].split(",")] + ["min_ms", "max_ms"]
if d["input"]["malformed"] != 0:
    sys.exit("%d malformed lines: the log is meant to be all valid" % d["input"]["malformed"])
if sum(r["count"] for r in ours) != d["totals"]["count"]:
    sys.exit("the rows' counts do not add up to the total")
# An absent value and the string "(none)" are two groups shown alike: the rows are
# matched as multisets, in the order of (group, count, average).
for r in ours:  # --by operation_type alone is the ungrouped report: no group object
    r.setdefault("group", {"operation_type": r["operation"]})
def k(r):
    return (sorted(r["group"].items()), r["count"], r["avg_ms"])
ours.sort(key=k)
duck.sort(key=k)
a_groups = [sorted(r["group"].items()) for r in ours]
b_groups = [sorted(r["group"].items()) for r in duck]
if a_groups != b_groups:
    only_a = [g for g in a_groups if g not in b_groups]
    only_b = [g for g in b_groups if g not in a_groups]
    sys.exit("%d groups, DuckDB %d; only perf-reporter's: %r; only DuckDB's: %r" %
             (len(ours), len(duck), only_a[:5], only_b[:5]))
for a, b in zip(ours, duck):
    if a["count"] != b["count"] or a["success"] != b["success"]:
        sys.exit("%r: count %d success %d, DuckDB %d %d" %
                 (a["group"], a["count"], a["success"], b["count"], b["success"]))
    for m in stats:
        if abs(a[m] - b[m]) > 1e-9 * max(abs(a[m]), abs(b[m])):
            sys.exit("%r %s: %r, DuckDB %r" % (a["group"], m, a[m], b[m]))
    if a["operation"] != " / ".join(a["group"][x] for x in a["group"]):
        sys.exit("operation %r is not the group's display" % a["operation"])
print("%d groups" % len(ours))
PY
	then ok "duckdb-$name"; else fail "duckdb-$name" "$(cat "$tmpdir/why")"; fi
}

# The key sets of slicing.sh, then numbers as keys alone, a top-level key, every field key.
for keys in operation_type,context.model context.model session_id,success error \
    context.meta.region,operation_type operation_type,context.meta context.meta.region \
    tenant,success session_id,error,success,operation_type; do
	check "$log" $since $until "$keys" 50,95,99
done
check "$log" 2026-10-01T00:00:00Z 2026-11-01T00:00:00Z context.model 0.1,10,50,90,99.9
check "$log" 2026-10-10T12:00:00.012Z 2026-10-10T12:00:00.036Z operation_type 50,95,99
for keys in operation_type,context.model context.agent,operation_type context.tool,success \
    context.tokens.in session_id error,context.k operation_type,context.tokens; do
	check "$agents" 2026-10-18T00:00:00Z 2026-11-01T00:00:00Z "$keys" 50,95,99
done
check "$agents" 2026-10-25T06:00:00Z 2026-10-30T18:30:00.5Z context.model,success 25,75

# Two cases that once disagreed (fixed in record.c; each failed before the fix):
# (1) an integer outside 64 signed bits anywhere on a line made jansson read every integer
#     of that line as a real, so 42 was grouped as "42.0" there and as "42" elsewhere;
# (2) a top-level key was not nudged as context is (record_fit_reals): 1.7976931348623157e308
#     was grouped as "1.79769313486232e308", past DBL_MAX, under --by model but as
#     "1.79769313486231e308" under --by context.model.
{
	known=$tmpdir/known.jsonl
	rec() {
		printf '{"timestamp":"2026-10-10T00:0%d:0%d.000Z","operation_type":"op",%s}\n' \
		    "$1" "$2" "\"duration_ms\":$3,$4"
	}
	max=1.7976931348623157e308
	for i in 1 2 3; do
		rec 0 "$i" "$i" '"model":42,"context":{"model":42}'
		rec 1 "$i" "$((i + 10))" '"model":42,"big":9223372036854775808,"context":{"model":42}'
		rec 2 "$i" "$((i + 20))" "\"model\":$max,\"context\":{\"model\":$max}"
	done >"$known"
	for keys in context.model model; do
		check "$known" 2026-10-01T00:00:00Z 2026-11-01T00:00:00Z "$keys" 50,95,99
	done
}

finish
