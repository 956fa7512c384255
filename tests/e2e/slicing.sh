#!/bin/sh
# slicing.sh - --by, --max-groups and --explain (SPEC section 14) against an independent
# GROUP BY: tests/reference/ref-slicing.py (numpy) on a generated log with nested context,
# missing values, numbers and booleans as keys, Unicode and hostile strings; -j 1, -j 3
# and --no-fast-path byte-identical; the --explain contributions sum to the change of the
# average; the README's example on samples/agents.jsonl names gpt-4.1-mini.
. "$(dirname "$0")/setup.sh"

ref=$top_srcdir/tests/reference/ref-slicing.py
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "note: python3 with numpy not found: slicing checks skipped"
	exit 77
fi

log=$tmpdir/slices.jsonl
"$py" "$ref" gen "$log" 20000 7
since=2026-10-08T00:00:00.000Z
until=2026-10-29T00:00:00.000Z

# (a) Every statistic of every group against the reference, within 1e-9 relative.
for keys in operation_type,context.model context.model session_id,success error \
    context.meta.region,operation_type operation_type,context.meta; do
	pr report --since $since --until $until --by "$keys" --max-groups 100000 \
	    -f json "$log" >"$tmpdir/ours.json"
	"$py" "$ref" rows "$log" $since $until "$keys" >"$tmpdir/ref.jsonl"
	if "$py" - "$tmpdir/ours.json" "$tmpdir/ref.jsonl" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
ours = json.load(open(sys.argv[1], encoding="utf-8"))["operations"]
ref = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
def k(r):
    return (sorted(r["group"].items()), r["count"], r["avg_ms"])
ours.sort(key=k)
ref.sort(key=k)
if len(ours) != len(ref):
    sys.exit("%d rows, reference %d" % (len(ours), len(ref)))
for a, b in zip(ours, ref):
    if a["group"] != b["group"] or a["count"] != b["count"] or a["success"] != b["success"]:
        sys.exit("row %r / %r" % (a, b))
    for m in ("avg_ms", "p50_ms", "p95_ms", "p99_ms", "min_ms", "max_ms"):
        if abs(a[m] - b[m]) > 1e-9 * max(1.0, abs(b[m])):
            sys.exit("%s %s: %r, reference %r" % (a["group"], m, a[m], b[m]))
    if a["operation"] != " / ".join(a["group"].values()):
        sys.exit("operation %r is not the group's display" % a["operation"])
PY
	then ok "ref-$keys"; else fail "ref-$keys" "$(cat "$tmpdir/why")"; fi
done

# (b) -j 1, -j 3 and --no-fast-path give the same bytes, in every format, fixed and
# moving windows, with --explain and a --max-groups that merges.
for args in "--by operation_type,context.model" "--by context.model,session_id" \
    "--by session_id --max-groups 7" "--explain context.model" \
    "--by operation_type,success --explain context.model --max-groups 3"; do
	for f in md csv json; do
		# shellcheck disable=SC2086
		pr report --since $since --until $until $args -f "$f" -j 1 "$log" \
		    >"$tmpdir/a" 2>"$tmpdir/ea"
		# shellcheck disable=SC2086
		pr report --since $since --until $until $args -f "$f" -j 3 "$log" \
		    >"$tmpdir/b" 2>"$tmpdir/eb"
		# shellcheck disable=SC2086
		pr report --since $since --until $until $args -f "$f" --no-fast-path "$log" \
		    >"$tmpdir/c" 2>"$tmpdir/ec"
		# shellcheck disable=SC2086
		pr monthly --now latest $args -f "$f" -j 3 "$log" >"$tmpdir/d" 2>/dev/null || true
		# shellcheck disable=SC2086
		pr monthly --now latest $args -f "$f" -j 1 --no-fast-path "$log" \
		    >"$tmpdir/e" 2>/dev/null || true
		if cmp -s "$tmpdir/a" "$tmpdir/b" && cmp -s "$tmpdir/a" "$tmpdir/c" &&
		    cmp -s "$tmpdir/ea" "$tmpdir/eb" && cmp -s "$tmpdir/d" "$tmpdir/e"; then
			ok "same-$f-$args"
		else
			fail "same-$f-$args" "-j 1, -j 3 and --no-fast-path differ"
		fi
	done
done

# (c) --max-groups: the warning says how many; the kept groups are the largest.
pr report --since $since --until $until --by session_id --max-groups 5 -f json "$log" \
    >"$tmpdir/out" 2>"$tmpdir/err"
pr report --since $since --until $until --by session_id -f json "$log" >"$tmpdir/all"
if "$py" - "$tmpdir/out" "$tmpdir/all" "$tmpdir/err" >"$tmpdir/why" 2>&1 <<'PY'
import json, re, sys
capped = json.load(open(sys.argv[1]))["operations"]
full = json.load(open(sys.argv[2]))["operations"]
err = open(sys.argv[3]).read()
m = re.search(r"--max-groups 5: (\d+) more groups merged into \(other\)", err)
if not m:
    sys.exit("no warning: %r" % err)
# Ranked by records in both windows, then key: count + prev_count here.
tot = sorted(((r["count"] + r["prev_count"], r["group"]["session_id"]) for r in full),
             key=lambda t: -t[0])
if int(m.group(1)) != len(full) - 5:
    sys.exit("merged %s, expected %d" % (m.group(1), len(full) - 5))
other = [r for r in capped if r["group"]["session_id"] == "(other)"]
if len(other) != 1:
    sys.exit("no single (other) row")
if sum(r["count"] for r in capped) != sum(r["count"] for r in full):
    sys.exit("counts do not add up")
kept = sorted(r["group"]["session_id"] for r in capped if r is not other[0])
if len(kept) > 5 or any(r["count"] + r["prev_count"] < tot[4][0] for r in capped
                        if r is not other[0]):
    sys.exit("kept %r" % kept)
PY
then ok max-groups; else fail max-groups "$(cat "$tmpdir/why")"; fi

# (d) --explain on the sample: gpt-4.1-mini first, the contributions summing to the change.
pr weekly --now latest --explain context.model -f json "$top_srcdir/samples/agents.jsonl" \
    >"$tmpdir/x.json" || true
if "$py" - "$tmpdir/x.json" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
slower = [f for f in d["degradations"] if f["flag"] == "slower"]
if [f["operation"] for f in slower] != ["llm_call"]:
    sys.exit("slower: %r" % slower)
f = slower[0]
c = f["explain"]["contributions"]
if f["explain"]["key"] != "context.model" or c[0]["value"] != "gpt-4.1-mini":
    sys.exit("explain %r" % f["explain"])
s = sum(x["contribution_ms"] for x in c)
change = f["value"] - f["previous"]
if abs(s - change) > 1e-9 * abs(change):
    sys.exit("sum %r, change %r" % (s, change))
# SPEC section 17: by absolute size, largest first (this checked the signed order before)
if [abs(x["contribution_ms"]) for x in c] != sorted((abs(x["contribution_ms"]) for x in c),
                                                    reverse=True):
    sys.exit("not largest |contribution| first")
# The split, from the entries' own counts and averages and the row's: mix = prev_avg
# (cur_share - prev_share), latency = cur_share (cur_avg - prev_avg); all mix on one side;
# mix + latency = the contribution to 1e-9.
row = [r for r in d["operations"] if r["operation"] == "llm_call"][0]
for x in c:
    cs, ps = x["cur_count"] / row["count"], x["prev_count"] / row["prev_count"]
    if x["cur_avg_ms"] is None or x["prev_avg_ms"] is None:
        mix = cs * (x["cur_avg_ms"] or 0) - ps * (x["prev_avg_ms"] or 0)
        lat = 0.0
    else:
        mix = x["prev_avg_ms"] * (cs - ps)
        lat = cs * (x["cur_avg_ms"] - x["prev_avg_ms"])
    if abs(mix - x["mix_ms"]) > 1e-9 * max(1, abs(mix)) or \
            abs(lat - x["latency_ms"]) > 1e-9 * max(1, abs(lat)):
        sys.exit("split of %r: want mix %r latency %r" % (x, mix, lat))
    if abs(x["mix_ms"] + x["latency_ms"] - x["contribution_ms"]) > \
            1e-9 * max(1, abs(x["contribution_ms"])):
        sys.exit("mix + latency is not the contribution: %r" % x)
if abs(f["explain"]["mix_ms"] - sum(x["mix_ms"] for x in c)) > 1e-9 or \
        abs(f["explain"]["latency_ms"] - sum(x["latency_ms"] for x in c)) > 1e-9:
    sys.exit("explain totals %r" % f["explain"])
PY
then ok explain-sample; else fail explain-sample "$(cat "$tmpdir/why")"; fi

# (e) The explain sum on the generated log, for every slower finding.
pr report --since 2026-10-16T00:00:00.000Z --until 2026-10-31T00:00:00.000Z --drift-pct 0.1 \
    --min-samples 1 --alpha 1 --by operation_type --explain context.model -f json "$log" \
    >"$tmpdir/y.json" || true
if "$py" - "$tmpdir/y.json" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["operation"]: r for r in d["operations"]}
n = 0
for f in d["degradations"]:
    if f["flag"] != "slower":
        continue
    n += 1
    r = rows[f["operation"]]
    c = f["explain"]["contributions"]
    s = sum(x["contribution_ms"] for x in c)
    change = r["avg_ms"] - r["prev_avg_ms"]
    if abs(s - change) > 1e-9 * max(abs(change), abs(r["avg_ms"]) * 1e-6):
        sys.exit("%s: sum %r, change %r" % (f["operation"], s, change))
    for x in c:
        want = ((x["cur_count"] * x["cur_avg_ms"] / r["count"] if x["cur_count"] else 0) -
                (x["prev_count"] * x["prev_avg_ms"] / r["prev_count"] if x["prev_count"] else 0))
        if abs(want - x["contribution_ms"]) > 1e-9 * max(1.0, abs(want)):
            sys.exit("contribution %r" % x)
    if sum(x["cur_count"] for x in c) != r["count"] or sum(x["prev_count"] for x in c) != r["prev_count"]:
        sys.exit("counts of %s" % f["operation"])
if n == 0:
    sys.exit("no slower finding to check")
PY
then ok explain-sum; else fail explain-sum "$(cat "$tmpdir/why")"; fi

# (g) A baseline matches a row on its whole group, not on its display: the groups
# ("a / b", "c") and ("a", "b / c") both show as "a / b / c"; only the second got slower.
"$py" - "$tmpdir/amb-base.jsonl" "$tmpdir/amb-cur.jsonl" <<'PY'
import json, sys
for path, slow in ((sys.argv[1], False), (sys.argv[2], True)):
    with open(path, "w") as f:
        for i in range(40):
            ts = "2026-10-%02dT%02d:00:00.000Z" % (10 + i % 10, i % 24)
            f.write(json.dumps({"timestamp": ts, "operation_type": "a / b",
                "duration_ms": 100 + i % 7, "context": {"x": "c"}}) + "\n")
            f.write(json.dumps({"timestamp": ts, "operation_type": "a",
                "duration_ms": (1000 if slow else 500) + i % 5, "context": {"x": "b / c"}}) + "\n")
PY
amb="report --since 2026-10-01 --until 2026-11-01 --by operation_type,context.x"
# shellcheck disable=SC2086
pr $amb -f json -o "$tmpdir/amb.json" "$tmpdir/amb-base.jsonl"
# shellcheck disable=SC2086
if pr $amb --baseline "$tmpdir/amb.json" -f json "$tmpdir/amb-cur.jsonl" >"$tmpdir/amb-out.json" 2>"$tmpdir/err" &&
    "$py" - "$tmpdir/amb-out.json" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))["baseline"]
if (b["regression"], b["unchanged"]) != (4, 6):
    sys.exit("regression %d, unchanged %d; want 4, 6" % (b["regression"], b["unchanged"]))
avg = sorted((x["baseline"], x["current"], x["status"]) for x in b["results"] if x["metric"] == "avg_ms")
if avg != [(102.875, 102.875, "unchanged"), (502, 1002, "regression")]:
    sys.exit("avg_ms results %r" % avg)
PY
then ok baseline-full-key; else fail baseline-full-key "$(cat "$tmpdir/err" "$tmpdir/why" 2>/dev/null)"; fi
# A baseline grouped by other keys is refused, naming both.
if pr report --since 2026-10-01 --until 2026-11-01 --by context.x --baseline "$tmpdir/amb.json" \
    "$tmpdir/amb-cur.jsonl" >/dev/null 2>"$tmpdir/err"; then
	fail baseline-other-keys "accepted"
elif [ $? -eq 2 ] && grep -q "grouped by 'operation_type,context.x', this report's by 'context.x'" "$tmpdir/err"; then
	ok baseline-other-keys
else
	fail baseline-other-keys "$(cat "$tmpdir/err")"
fi

# (h) Targets on the whole group ("groups" entries match --by values or globs key by key):
# only ("a", "b / c") is named, though ("a / b", "c") has the same display; an exact entry
# with no row is no_data; a key that is not a --by key is refused.
cat >"$tmpdir/amb-targets.json" <<'EOF'
{"groups": [{"match": {"operation_type": "a"}, "avg_ms": {"target": 600}},
            {"match": {"operation_type": "a / b", "context.x": "c*"}, "p95_ms": {"target": 1000}},
            {"match": {"operation_type": "z", "context.x": "c"}, "avg_ms": {"target": 1}}]}
EOF
# shellcheck disable=SC2086
pr $amb --targets "$tmpdir/amb-targets.json" -f json "$tmpdir/amb-cur.jsonl" >"$tmpdir/amb-t.json" 2>"$tmpdir/err"
if "$py" - "$tmpdir/amb-t.json" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))["targets"]
got = sorted((x["operation"], x["metric"], x["status"], x.get("value")) for x in t["results"])
want = sorted([("a / b / c", "avg_ms", "warning", 1002), ("a / b / c", "p95_ms", "met", 106),
               ("z / c", "avg_ms", "no_data", None)])
if got != want:
    sys.exit("targets %r, want %r" % (got, want))
PY
then ok targets-groups; else fail targets-groups "$(cat "$tmpdir/err" "$tmpdir/why" 2>/dev/null)"; fi
if pr report --since 2026-10-01 --until 2026-11-01 --by context.x \
    --targets "$tmpdir/amb-targets.json" "$tmpdir/amb-cur.jsonl" >/dev/null 2>"$tmpdir/err"; then
	fail targets-groups-key "accepted"
elif [ $? -eq 2 ] && grep -q 'amb-targets.json: \$.groups\[0\].match.operation_type: not a key this report is grouped by (--by context.x)' "$tmpdir/err"; then
	ok targets-groups-key
else
	fail targets-groups-key "$(cat "$tmpdir/err")"
fi

# (i) The project file sets --by (a list or a string), --explain and --max-groups; the
# command line wins.
mkdir -p "$tmpdir/proj"
printf '%s\n' '{"by": ["operation_type", "context.model"], "explain": "context.model", "max-groups": 3}' \
    >"$tmpdir/proj/perf-reporter.json"
(cd "$tmpdir/proj" && pr weekly --now latest -f json "$top_srcdir/samples/agents.jsonl") \
    >"$tmpdir/proj.json" 2>"$tmpdir/proj.err"
(cd "$tmpdir/proj" && pr weekly --now latest --by operation_type -f json \
    "$top_srcdir/samples/agents.jsonl") >"$tmpdir/proj2.json" 2>/dev/null
if "$py" - "$tmpdir/proj.json" "$tmpdir/proj2.json" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ops = [r["operation"] for r in d["operations"]]
if len(ops) != 5 or sum(o.endswith("/ (other)") for o in ops) != 2:
    sys.exit("rows %r: want 3 groups kept and 2 (other)" % ops)
if [x.get("explain", {}).get("key") for x in d["degradations"] if x["flag"] == "slower"] != ["context.model"]:
    sys.exit("explain %r" % d["degradations"])
e = json.load(open(sys.argv[2], encoding="utf-8"))
if sorted(r["operation"] for r in e["operations"]) != ["llm_call", "memory_search", "tool_exec"]:
    sys.exit("--by on the command line did not win: %r" % [r["operation"] for r in e["operations"]])
PY
then
	if grep -q 'merged into (other)' "$tmpdir/proj.err"; then ok project-file-slicing
	else fail project-file-slicing "no --max-groups note: $(cat "$tmpdir/proj.err")"; fi
else
	fail project-file-slicing "$(cat "$tmpdir/why")"
fi

# (j) --explain lists at most --max-groups values: the 4 with the largest |contribution|
# and one "(other)" holding the rest, its averages those of the merged records (numpy),
# the sum still the change.
pr report --since 2026-10-25 --until 2026-11-01 --explain session_id --max-groups 5 -f json \
    "$top_srcdir/samples/agents.jsonl" >"$tmpdir/excap.json" 2>/dev/null
if "$py" - "$tmpdir/excap.json" "$top_srcdir/samples/agents.jsonl" >"$tmpdir/why" 2>&1 <<'PY'
import json, sys
import numpy as np
d = json.load(open(sys.argv[1], encoding="utf-8"))
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
rows = {r["operation"]: r for r in d["operations"]}
f = [f for f in d["degradations"] if f["flag"] == "slower"]
if len(f) != 1 or f[0]["operation"] != "llm_call":
    sys.exit("slower findings %r" % f)
r, c = rows["llm_call"], f[0]["explain"]["contributions"]
if len(c) != 5 or [x["value"] for x in c].count("(other)") != 1:
    sys.exit("values %r" % [x["value"] for x in c])
kept = [x for x in c if x["value"] != "(other)"]
other = [x for x in c if x["value"] == "(other)"][0]
change = r["avg_ms"] - r["prev_avg_ms"]
if abs(sum(x["contribution_ms"] for x in c) - change) > 1e-9 * abs(change):
    sys.exit("sum %r, change %r" % (sum(x["contribution_ms"] for x in c), change))
if [x["contribution_ms"] for x in c] != sorted((x["contribution_ms"] for x in c), reverse=True):
    sys.exit("not largest first")
names = {x["value"] for x in kept}
def side(start, end):
    return [x["duration_ms"] for x in recs if x["operation_type"] == "llm_call" and
            start <= x["timestamp"] < end and x["session_id"] not in names]
cur = side(d["window"]["start"], d["window"]["end"])
prev = side(d["previous_window"]["start"], d["previous_window"]["end"])
for got, want, n in ((other["cur_avg_ms"], np.mean(cur), other["cur_count"]),
                     (other["prev_avg_ms"], np.mean(prev), other["prev_count"])):
    if abs(got - want) > 1e-9 * want:
        sys.exit("(other) average %r, numpy %r" % (got, want))
if (other["cur_count"], other["prev_count"]) != (len(cur), len(prev)):
    sys.exit("(other) counts")
# The kept ones are those with the largest |contribution| among every session's.
full = {}
for x in recs:
    if x["operation_type"] != "llm_call":
        continue
    for k, (a, b) in enumerate(((d["window"]["start"], d["window"]["end"]),
                                (d["previous_window"]["start"], d["previous_window"]["end"]))):
        if a <= x["timestamp"] < b:
            full.setdefault(x["session_id"], ([], []))[k].append(x["duration_ms"])
def contrib(v):
    a, b = full[v]
    return (sum(a) / r["count"]) - (sum(b) / r["prev_count"])
top = sorted(full, key=lambda v: (-abs(contrib(v)), -contrib(v), v))[:4]
if set(top) != names:
    sys.exit("kept %r, largest |contribution| %r" % (sorted(names), sorted(top)))
PY
then ok explain-cap; else fail explain-cap "$(cat "$tmpdir/why")"; fi

# (f) Usage errors.
for args in "--by a,,b" "--by a,a" "--by context.a,b" "--by session_id --op x" \
    "--by context.a --explain context.b" "--max-groups 0" "export --by context.a" \
    "export --explain error"; do
	# shellcheck disable=SC2086
	case $args in export*) set -- ;; *) set -- monthly ;; esac
	# shellcheck disable=SC2086
	if pr $args "$@" "$log" >/dev/null 2>"$tmpdir/err"; then
		fail "usage-$args" "accepted"
	else
		rc=$?
		if [ "$rc" -eq 2 ]; then ok "usage-$args"; else fail "usage-$args" "status $rc"; fi
	fi
done

finish
