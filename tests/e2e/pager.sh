#!/bin/sh
# pager.sh - long output on a terminal goes through PAGER as git and gh do (SPEC section 13),
# checked on a pseudo-terminal (tests/e2e/pty-run.py) with fake pagers that record what they
# were given: PAGER is run (with LESS=FRX when LESS is unset), the default is less -FRX,
# --no-pager, PAGER empty or cat, a pipe or -o FILE write straight out; a pager that quits
# after two lines (as q does) leaves no message and the verdict's exit status, for a report,
# compare and export; a pager that cannot be started leaves a note and the report on the
# terminal; an error before the output never starts the pager; with a real less, q and
# Ctrl-C leave the verdict's status.
. "$(dirname "$0")/setup.sh"

cd "$top_srcdir"
ptyrun="python3 tests/e2e/pty-run.py"
unset LESS PAGER

# The fake pagers: "record" keeps its arguments, LESS and what it read; "quit" reads two
# lines and exits, as a person pressing q after the first screen.
cat >"$tmpdir/record" <<EOF
#!/bin/sh
printf '%s\n' "args:\$*" "LESS=\${LESS-unset}" >"$tmpdir/pager-env"
cat >"$tmpdir/paged"
EOF
cat >"$tmpdir/quit" <<EOF
#!/bin/sh
head -n 2 >"$tmpdir/paged"
EOF
mkdir "$tmpdir/bin"
cp "$tmpdir/record" "$tmpdir/bin/less"
chmod +x "$tmpdir/record" "$tmpdir/quit" "$tmpdir/bin/less"

# A log large enough that its report is far longer than a pipe holds (64 KiB), so the
# writer is still writing when the pager quits: 3000 operations, three records each in
# September and in October; op0005 is 4 times slower in October (--alpha 1: no test, so
# three records suffice for a finding).
awk 'BEGIN { for (i = 0; i < 3000; i++) for (m = 9; m <= 10; m++) for (d = 5; d <= 19; d += 7) {
	ms = 10 + i % 7 + d % 3; if (i == 5 && m == 10) ms *= 4
	printf "{\"timestamp\":\"2026-%02d-%02dT00:00:00Z\",\"operation_type\":\"op%04d\",\"duration_ms\":%d}\n", m, d, i, ms } }' \
    >"$tmpdir/big.jsonl"
# The same operations, each 30 ms slower: compare finds 3000 regressions.
sed 's/"duration_ms":/&3/' "$tmpdir/big.jsonl" >"$tmpdir/big-slow.jsonl"
big="monthly --now 2026-11-01 --alpha 1 $tmpdir/big.jsonl"

# run NAME PAGER ARGS: perf-reporter ARGS on an 80x24 pty with PAGER set to PAGER; shown
# on it in $tmpdir/NAME.tty, standard error (kept apart) in $tmpdir/NAME.err, status in $st.
run() {
	name=$1
	PAGER=$2
	export PAGER
	shift 2
	rm -f "$tmpdir/paged" "$tmpdir/pager-env"
	st=0
	$ptyrun --size 80x24 --stderr "$tmpdir/$name.err" -- "$PERF_REPORTER" "$@" \
	    >"$tmpdir/$name.tty" || st=$?
	unset PAGER
}
# check NAME CONDITION MESSAGE: ok when CONDITION (a shell command) succeeds.
check() {
	if eval "$2"; then ok "$1"; else fail "$1" "$3"; fi
}
shown() { grep -q 'Performance Report' "$tmpdir/$1.tty"; }

monthly="monthly --now 2026-11-01 samples/basic.jsonl"

# PAGER runs with the whole report on its standard input, LESS=FRX beside it; the
# terminal shows only what the pager shows (here nothing).
run paged "$tmpdir/record" $monthly
check paged-status '[ $st = 0 ]' "status $st: $(cat "$tmpdir/paged.err")"
check paged-got-report "sed 's/\\x1b\\[[0-9;]*m//g' '$tmpdir/paged' | grep -q '^OPERATIONS' && grep -q 'MOST FREQUENT' '$tmpdir/paged'" \
    "the pager got: $(head -3 "$tmpdir/paged" 2>/dev/null)"
check paged-not-on-tty '! shown paged' "the report reached the terminal besides the pager"
check paged-less-env "grep -qx 'LESS=FRX' '$tmpdir/pager-env'" "$(cat "$tmpdir/pager-env" 2>/dev/null)"
check paged-colour "grep -q \"\$(printf '\\033\\\\[1m')\" '$tmpdir/paged'" "no colour through the pager"
# LESS as the user set it is kept; the width is the terminal's, not the pipe's.
LESS=-S
export LESS
run paged-less "$tmpdir/record" $monthly
unset LESS
check paged-less-kept "grep -qx 'LESS=-S' '$tmpdir/pager-env'" "$(cat "$tmpdir/pager-env" 2>/dev/null)"
check paged-width "python3 tests/e2e/term-check.py 80 '$tmpdir/paged' --color >/dev/null && \
    [ \$(sed 's/\\x1b\\[[0-9;]*m//g' '$tmpdir/paged' | awk '{ if (length > m) m = length } END { print m }') -gt 70 ]" \
    "not laid out for 80 columns"

# A command with arguments, run by the shell when it needs one.
run paged-args "$tmpdir/record -x 'two words'" $monthly
check paged-args "grep -qx 'args:-x two words' '$tmpdir/pager-env'" "$(cat "$tmpdir/pager-env" 2>/dev/null)"

# Without PAGER: less -FRX (a fake less first on PATH).
rm -f "$tmpdir/pager-env"
PATH=$tmpdir/bin:$PATH $ptyrun --size 80x24 -- "$PERF_REPORTER" $monthly >"$tmpdir/default.tty"
check default-less "grep -qx 'args:-FRX' '$tmpdir/pager-env'" "$(cat "$tmpdir/pager-env" 2>/dev/null)"

# Never: --no-pager, PAGER empty, blank or cat, output to a pipe or to -o FILE.
run no-pager "$tmpdir/record" $monthly --no-pager
check no-pager "[ \$st = 0 ] && shown no-pager && [ ! -e '$tmpdir/pager-env' ]" "status $st"
for p in empty blank cat; do
	case $p in empty) v= ;; blank) v=' ' ;; cat) v=cat ;; esac
	rm -f "$tmpdir/pager-env"
	st=0
	PAGER=$v $ptyrun --size 80x24 -- "$PERF_REPORTER" $monthly >"$tmpdir/$p.tty" || st=$?
	check "pager-$p" "[ \$st = 0 ] && shown $p && [ ! -e '$tmpdir/pager-env' ]" "status $st"
done
PAGER=$tmpdir/record $ptyrun -- sh -c "'$PERF_REPORTER' $monthly -f term | cat" >"$tmpdir/pipe.tty"
check pipe-no-pager "shown pipe && [ ! -e '$tmpdir/pager-env' ]" "paged into a pipe"
run to-file "$tmpdir/record" $monthly -o "$tmpdir/out.md"
check file-no-pager "[ \$st = 0 ] && grep -q '^## Operations' '$tmpdir/out.md' && [ ! -e '$tmpdir/pager-env' ]" \
    "status $st"
# -o - is standard output: paged.
run dash-o "$tmpdir/record" $monthly -o -
check dash-o-paged "[ -s '$tmpdir/paged' ]" "not paged"

# A pager that quits early: no message, the status of the verdict (1 under --fail-on),
# with far more output than the pipe holds.
run quit-report "$tmpdir/quit" $big --fail-on critical
check quit-report "[ \$st = 1 ] && [ ! -s '$tmpdir/quit-report.err' ] && [ \$(wc -l <'$tmpdir/paged') = 2 ]" \
    "status $st: $(head -3 "$tmpdir/quit-report.err")"
run quit-report-ok "$tmpdir/quit" $big
check quit-report-ok "[ \$st = 0 ] && [ ! -s '$tmpdir/quit-report-ok.err' ]" "status $st: $(head -3 "$tmpdir/quit-report-ok.err")"
run quit-compare "$tmpdir/quit" compare --alpha 1 --fail-on critical "$tmpdir/big.jsonl" "$tmpdir/big-slow.jsonl"
check quit-compare "[ \$st = 1 ] && [ ! -s '$tmpdir/quit-compare.err' ]" "status $st: $(head -3 "$tmpdir/quit-compare.err")"
run quit-export "$tmpdir/quit" export "$tmpdir/big.jsonl"
check quit-export "[ \$st = 0 ] && [ ! -s '$tmpdir/quit-export.err' ]" "status $st: $(head -3 "$tmpdir/quit-export.err")"
# changes: its terminal view goes to the pager as the report does, --no-pager keeps it on
# the terminal, and a pager that quits after two lines leaves --fail-on's status 1.
changes="changes -f term --fail-on critical --days 31 samples/basic.jsonl"
run changes-paged "$tmpdir/record" $changes
check changes-paged "[ \$st = 1 ] && grep -q '^memory_search  2026-10-02' '$tmpdir/paged' && ! grep -q 'Change points' '$tmpdir/changes-paged.tty'" \
    "status $st: $(head -3 "$tmpdir/changes-paged.err")"
run changes-no-pager "$tmpdir/record" $changes --no-pager
check changes-no-pager "[ \$st = 1 ] && grep -q 'Change points' '$tmpdir/changes-no-pager.tty' && [ ! -e '$tmpdir/pager-env' ]" \
    "status $st"
run quit-changes "$tmpdir/quit" $changes
check quit-changes "[ \$st = 1 ] && [ ! -s '$tmpdir/quit-changes.err' ] && [ \$(wc -l <'$tmpdir/paged') = 2 ]" \
    "status $st: $(head -3 "$tmpdir/quit-changes.err")"
# The same with standard error on the terminal too: it goes into the pager with the report
# (as git does), and a note after the report does not fail when the pager has gone.
st=0
PAGER=$tmpdir/quit $ptyrun --size 80x24 -- "$PERF_REPORTER" $big \
    --fail-on critical samples/messy.jsonl >"$tmpdir/quit-err.tty" || st=$?
check quit-stderr-on-tty "[ \$st = 1 ] && ! grep -q 'perf-reporter' '$tmpdir/quit-err.tty'" \
    "status $st: $(head -3 "$tmpdir/quit-err.tty")"
# A note after the report follows it in the pager.
st=0
PAGER=$tmpdir/record $ptyrun --size 80x24 -- "$PERF_REPORTER" $monthly samples/messy.jsonl \
    >"$tmpdir/notes.tty" || st=$?
check notes-in-pager "[ \$st = 0 ] && tail -n 1 '$tmpdir/paged' | grep -q '^perf-reporter: .*malformed'" \
    "status $st: $(tail -n 2 "$tmpdir/paged")"

# A pager that cannot be started: a note, the report on the terminal, status unchanged.
run missing "$tmpdir/no-such-pager --flag" $monthly --fail-on critical
check missing-pager "[ \$st = 1 ] && shown missing && grep -q \"cannot run the pager '$tmpdir/no-such-pager --flag'\" '$tmpdir/missing.err'" \
    "status $st: $(cat "$tmpdir/missing.err")"

# An error before any output: on the terminal, no pager started.
run error "$tmpdir/record" monthly "$tmpdir/no-such.jsonl"
check error-no-pager "[ \$st = 2 ] && grep -q 'no-such.jsonl' '$tmpdir/error.err' && [ ! -e '$tmpdir/pager-env' ]" \
    "status $st"

# A real less, when there is one: -F quits at once on a report that fits the screen, and
# on a longer one q ends it with the verdict's status.
if command -v less >/dev/null 2>&1; then
	st=0
	env -u PAGER $ptyrun --size 200x100 -- "$PERF_REPORTER" $monthly --top 3 \
	    >"$tmpdir/less-short.tty" || st=$?
	check less-fits "[ \$st = 0 ] && shown less-short" "status $st"
	st=0
	env -u PAGER $ptyrun --size 80x24 --keys q -- "$PERF_REPORTER" $big \
	    --fail-on critical >"$tmpdir/less-q.tty" || st=$?
	check less-q "[ \$st = 1 ] && shown less-q && ! grep -q 'MOST FREQUENT' '$tmpdir/less-q.tty'" \
	    "status $st"
	# Ctrl-C in less (to stop a search, say) once the report is written, then q: the
	# keys are the pager's, the status still the verdict's (not 130).
	st=0
	env -u PAGER $ptyrun --size 80x24 --keys "$(printf '\003')" --keys q -- "$PERF_REPORTER" \
	    $big --fail-on critical >"$tmpdir/less-c.tty" || st=$?
	check less-ctrl-c "[ \$st = 1 ]" "status $st"
else
	echo "note: less is not installed: the real-less checks are skipped"
fi
finish
