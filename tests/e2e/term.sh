#!/bin/sh
# term.sh - the terminal view as a person sees it (SPEC section 13): for the samples, a
# generated log of hostile names (tests/e2e/hostile.py: escape sequences, C1 controls,
# bidi marks, CJK, emoji, combining marks, very long names) and a few seeded random ones,
# every command's --format term output at 40, 80 and 200 columns is checked by
# term-check.py: no line wider than the width in display cells (Python's unicodedata, not
# our tables), tables aligned, no control byte from the input on the terminal, only SGR
# colour sequences with --color always. Then: term is the default only on a terminal
# (script(1) gives the program a pty), piped or -o output stays Markdown; COLUMNS, else the
# pty's size; NO_COLOR and TERM=dumb turn colour off.
. "$(dirname "$0")/setup.sh"

cd "$top_srcdir"
check=tests/e2e/term-check.py
python3 tests/e2e/hostile.py fixed >"$tmpdir/hostile.jsonl"
for seed in 1 2 3 4 5; do
	python3 tests/e2e/hostile.py random "$seed" 400 >"$tmpdir/random-$seed.jsonl"
done

# view NAME WIDTH ARGS...: run with COLUMNS=WIDTH, check the output.
view() {
	name=$1 width=$2
	shift 2
	status=0
	COLUMNS=$width pr "$@" >"$tmpdir/out" 2>"$tmpdir/err" || status=$?
	if [ "$status" -gt 1 ]; then
		fail "$name" "status $status: $(head -3 "$tmpdir/err")"
		return
	fi
	color=
	case " $* " in *" --color always "*) color=--color ;; esac
	if python3 "$check" "$width" "$tmpdir/out" $color >"$tmpdir/check"; then
		ok "$name"
	else
		fail "$name" "$(head -5 "$tmpdir/check")"
	fi
}

for w in 40 80 200; do
	for input in samples/basic.jsonl samples/degradation.jsonl "$tmpdir/hostile.jsonl"; do
		base=${input##*/}
		view "monthly-$base-$w" "$w" monthly --now 2026-11-01 -f term --color never "$input"
		view "monthly-color-$base-$w" "$w" monthly --now 2026-11-01 -f term --color always \
		    "$input"
		view "weekly-$base-$w" "$w" weekly --now latest -f term --color always "$input"
		view "trends-$base-$w" "$w" trends --now latest -f term --color never "$input"
		view "trends-day-$base-$w" "$w" trends --days 20 --now latest -f term \
		    --color always "$input"
		view "report-$base-$w" "$w" report --since 2026-10-01 --until 2026-10-15 -f term \
		    --color never --percentiles 50,90,99,99.9 "$input"
		view "charts-$base-$w" "$w" weekly --now latest -f term --charts 3 --color never \
		    "$input"
	done
	view "targets-$w" "$w" monthly --now 2026-11-01 -f term --color always \
	    --targets samples/targets.json samples/basic.jsonl
	pr monthly --now 2026-10-01 -f json -o "$tmpdir/base.json" samples/basic.jsonl
	view "baseline-$w" "$w" monthly --now 2026-11-01 -f term --color always \
	    --baseline "$tmpdir/base.json" samples/basic.jsonl
	view "compare-$w" "$w" compare -f term --color always --now 2026-11-01 --days 30 \
	    samples/basic.jsonl samples/degradation.jsonl
	view "compare-hostile-$w" "$w" compare -f term --color never "$tmpdir/random-1.jsonl" \
	    "$tmpdir/hostile.jsonl"
	view "compare-report-$w" "$w" compare -f term --color always "$tmpdir/base.json" \
	    samples/basic.jsonl
	view "empty-$w" "$w" monthly --now 2030-01-01 -f term --color never samples/basic.jsonl
	view "messy-$w" "$w" monthly --now latest -f term --color never samples/messy.jsonl
	for seed in 1 2 3 4 5; do
		view "random-$seed-$w" "$w" monthly --now 2026-11-01 -f term --color always \
		    "$tmpdir/random-$seed.jsonl"
	done
	# --by and --explain (SPEC section 14): a column per key, the breakdown under slower.
	view "by-agents-$w" "$w" weekly --now latest -f term --color always \
	    --by operation_type,success --explain context.model samples/agents.jsonl
	view "by-model-$w" "$w" monthly --now latest -f term --color never \
	    --by operation_type,context.model samples/agents.jsonl
	view "by-trends-$w" "$w" trends --now latest -f term --color always \
	    --by operation_type,context.model samples/agents.jsonl
	view "by-hostile-$w" "$w" monthly --now 2026-11-01 -f term --color always \
	    --by operation_type,error --explain session_id "$tmpdir/hostile.jsonl"
	view "by-trends-hostile-$w" "$w" trends --now latest -f term --color never \
	    --by operation_type,session_id "$tmpdir/hostile.jsonl"
	view "by-random-$w" "$w" monthly --now 2026-11-01 -f term --color always \
	    --by session_id,operation_type --explain error "$tmpdir/random-2.jsonl"
done

# At 80 columns the monthly sample keeps its most important columns and drops P50, Min,
# Success first (SPEC section 13's order).
COLUMNS=80 pr monthly --now latest -f term --color never samples/basic.jsonl >"$tmpdir/m80"
head=$(grep -m1 '^  Operation' "$tmpdir/m80")
case $head in
*P50*|*Min*|*Success*) fail drop-order-80 "kept a column that goes first: $head" ;;
*Count*Avg*P95*P99*Max*avg*Flags*) ok drop-order-80 ;;
*) fail drop-order-80 "unexpected header: $head" ;;
esac
COLUMNS=200 pr monthly --now latest -f term --color never samples/basic.jsonl >"$tmpdir/m200"
if grep -q '^  Operation *Count *Success *Avg (ms) *P50 *P95 *P99 *Min *Max' "$tmpdir/m200"; then
	ok all-columns-200
else
	fail all-columns-200 "$(grep -m1 '^  Operation' "$tmpdir/m200")"
fi
# The answer on the first screen (issue 23): in an 80x50 terminal (a pager shows the first
# 49 lines and its prompt), monthly and trends of the samples show the verdict and every
# finding, before the lists.
for cmd in monthly trends; do
	for input in samples/basic.jsonl samples/degradation.jsonl; do
		COLUMNS=80 pr $cmd --now latest -f term --color never "$input" >"$tmpdir/first"
		verdict=$(grep -n -m1 -e '^✖ ' -e '^✔ ' -e '^! ' "$tmpdir/first" | cut -d: -f1)
		# The last line of the last finding: the last indented line of DEGRADATION.
		last=$(awk '/^DEGRADATION/ { d = 1; next } d && /^$/ { exit } d { n = NR } END { print n + 0 }' \
		    "$tmpdir/first")
		lists=$(grep -n -m1 '^SLOWEST OPERATIONS' "$tmpdir/first" | cut -d: -f1)
		if [ -n "$verdict" ] && [ "$verdict" -lt 50 ] && [ "$last" -gt 0 ] &&
		    [ "$last" -lt 50 ] && [ "$last" -lt "${lists:-999}" ]; then
			ok "first-screen-$cmd-${input##*/}"
		else
			fail "first-screen-$cmd-${input##*/}" "verdict at line ${verdict:-none}, findings end at $last, lists at ${lists:-none}"
		fi
	done
done
# Colour only what is flagged: of the monthly sample's 11 rows, only web_fetch (flagged
# errors when each test stands alone, --fdr off) has a coloured Success cell (before, every
# row with one failure turned yellow).
COLUMNS=200 pr monthly --now latest -f term --color always --fdr off samples/basic.jsonl \
    >"$tmpdir/c200"
n=$(grep -c "$(printf '\033')\\[3[13]m[0-9]*/[0-9]*$(printf '\033')" "$tmpdir/c200" || true)
if [ "$n" = 1 ] && grep -q "web_fetch.*$(printf '\033')\\[31m105/109" "$tmpdir/c200"; then
	ok success-colour-flagged-only
else
	fail success-colour-flagged-only "$n coloured Success cells"
fi
# compare at 80 columns keeps the absolute averages beside the changes.
COLUMNS=80 pr compare -f term --color never --now 2026-11-01 --days 30 samples/basic.jsonl \
    samples/degradation.jsonl >"$tmpdir/cmp80"
if grep -q '^  Operation  *Status  *Base avg  *Cur avg  .*p$' "$tmpdir/cmp80" &&
    grep -q '^  tool_exec  *regression  *155\.25  *289\.61  ' "$tmpdir/cmp80"; then
	ok compare-80-absolute
else
	fail compare-80-absolute "$(grep -m1 '^  Operation' "$tmpdir/cmp80")"
fi
# ... and colours the judged statuses only: regression red, improved green; the eight
# operations gone from CURRENT stay plain.
COLUMNS=80 pr compare -f term --color always --now 2026-11-01 --days 30 samples/basic.jsonl \
    samples/degradation.jsonl >"$tmpdir/cmp80c"
esc=$(printf '\033')
if [ "$(grep -c "^  [a-z_]*  *gone  " "$tmpdir/cmp80c")" = 8 ] &&
    grep -q "^  tool_exec  *${esc}\\[31mregression" "$tmpdir/cmp80c" &&
    grep -q "^  llm_call  *${esc}\\[32mimproved" "$tmpdir/cmp80c"; then
	ok compare-colour-judged-only
else
	fail compare-colour-judged-only "$(grep -m3 'gone' "$tmpdir/cmp80c" | cat -v)"
fi
# --by: one column per key, headed by the key as given, in --by order.
COLUMNS=80 pr weekly --now latest -f term --color never --by operation_type,context.model \
    samples/agents.jsonl >"$tmpdir/by80"
if grep -q '^  operation_type  context\.model  *Count ' "$tmpdir/by80" &&
    grep -q '^  llm_call        gpt-4\.1-mini  ' "$tmpdir/by80" &&
    grep -q '^   1  llm_call        gpt-4\.1-mini  ' "$tmpdir/by80"; then
	ok by-columns-80
else
	fail by-columns-80 "$(grep -m1 -n 'operation_type' "$tmpdir/by80")"
fi
# Two groups that show alike ("a / b / c"): a slowest entry knows its row by index, so
# it shows its own group's values, key by key, never the other group's or the display.
for i in 1 2 3; do
	printf '{"timestamp":"2026-10-2%sT10:00:00Z","operation_type":"a / b","duration_ms":1%s,"context":{"m":"c"}}\n' "$i" "$i"
	printf '{"timestamp":"2026-10-2%sT11:00:00Z","operation_type":"a","duration_ms":2%s,"context":{"m":"b / c"}}\n' "$i" "$i"
done >"$tmpdir/alike.jsonl"
COLUMNS=80 pr monthly --now latest -f term --color never --by operation_type,context.m \
    --top 2 "$tmpdir/alike.jsonl" >"$tmpdir/alike"
if grep -q '^  1  a  *b / c  *23\.00  ' "$tmpdir/alike" &&
    python3 "$check" 80 "$tmpdir/alike" >"$tmpdir/check"; then
	ok by-alike-displays
else
	fail by-alike-displays "$(sed -n '/SLOWEST/,$p' "$tmpdir/alike") $(cat "$tmpdir/check")"
fi
# --explain: the same values, numbers, order and --top cap as the Markdown list.
for top in 10 2 0; do
	pr weekly --now latest -f md --top "$top" --by operation_type,success \
	    --explain context.model samples/agents.jsonl |
	    sed -n 's/^    - //p' | tr -d '`' >"$tmpdir/explain.md"
	COLUMNS=200 pr weekly --now latest -f term --color never --top "$top" \
	    --by operation_type,success --explain context.model samples/agents.jsonl |
	    sed -n 's/^      - //p' >"$tmpdir/explain.term"
	if [ -s "$tmpdir/explain.md" ] && cmp -s "$tmpdir/explain.md" "$tmpdir/explain.term"; then
		ok "explain-as-md-top-$top"
	else
		fail "explain-as-md-top-$top" "$(diff "$tmpdir/explain.md" "$tmpdir/explain.term")"
	fi
done
# The hostile names are shown escaped, not acted on.
COLUMNS=200 pr monthly --now 2026-11-01 -f term --color never "$tmpdir/hostile.jsonl" \
    >"$tmpdir/h200"
for want in 'evil\x1B]0;pwned\x07title' 'bidi\u202Eexe.txt' 'c1\u009B31mcsi' \
    'tab\tnew\nline\rcr'; do
	if grep -qF "$want" "$tmpdir/h200"; then
		ok "escaped-$want"
	else
		fail "escaped-$want" "not found in the output"
	fi
done

# Default format: term on a terminal (script gives a pty), Markdown into a pipe or -o.
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	# tty CMD: run CMD on a pty of 50 columns, its output in $tmpdir/tty.
	tty() {
		script -qec "stty cols 50 rows 30 2>/dev/null; $1" /dev/null </dev/null |
		    tr -d '\r' >"$tmpdir/tty"
	}
	prq="'$PERF_REPORTER' monthly --now latest samples/basic.jsonl"
	tty "env -u COLUMNS TERM=xterm $prq"
	sed 's/\x1b\[[0-9;]*m//g' "$tmpdir/tty" >"$tmpdir/tty.plain"
	if grep -q '^OPERATIONS' "$tmpdir/tty.plain" && ! grep -q '^## Operations' "$tmpdir/tty"; then
		ok default-term-on-tty
	else
		fail default-term-on-tty "$(head -12 "$tmpdir/tty")"
	fi
	if grep -q "$(printf '\033\\[')" "$tmpdir/tty"; then
		ok color-auto-on-tty
	else
		fail color-auto-on-tty "no colour on a terminal"
	fi
	sed 's/\x1b\[[0-9;]*m//g' "$tmpdir/tty" >"$tmpdir/tty.plain"
	if python3 "$check" 50 "$tmpdir/tty.plain" >"$tmpdir/check" &&
	    grep -q '^  Operation  ' "$tmpdir/tty.plain"; then
		ok width-from-pty
	else
		fail width-from-pty "$(cat "$tmpdir/check")"
	fi
	tty "COLUMNS=70 TERM=xterm $prq"
	if python3 "$check" 70 "$tmpdir/tty" --color >"$tmpdir/check" &&
	    ! python3 "$check" 50 "$tmpdir/tty" --color >/dev/null; then
		ok columns-wins
	else
		fail columns-wins "$(cat "$tmpdir/check")"
	fi
	tty "env -u COLUMNS TERM=xterm NO_COLOR=1 $prq"
	if grep -q "$(printf '\033')" "$tmpdir/tty"; then
		fail no-color "colour despite NO_COLOR"
	else
		ok no-color
	fi
	tty "env -u COLUMNS TERM=dumb $prq"
	if grep -q "$(printf '\033')" "$tmpdir/tty"; then
		fail term-dumb "colour with TERM=dumb"
	else
		ok term-dumb
	fi
	tty "env -u COLUMNS TERM=xterm $prq -o '$tmpdir/o.md'"
	if grep -q '^## Operations' "$tmpdir/o.md"; then
		ok output-file-stays-md
	else
		fail output-file-stays-md "$(head -3 "$tmpdir/o.md")"
	fi
	tty "env -u COLUMNS TERM=xterm $prq | cat"
	if grep -q '^## Operations' "$tmpdir/tty"; then
		ok pipe-stays-md
	else
		fail pipe-stays-md "$(head -3 "$tmpdir/tty")"
	fi
else
	echo "note: script(1) not usable: the terminal-default checks are skipped"
fi
pr monthly --now latest samples/basic.jsonl >"$tmpdir/piped"
if grep -q '^## Operations' "$tmpdir/piped"; then ok piped-md; else fail piped-md "not md"; fi
finish
