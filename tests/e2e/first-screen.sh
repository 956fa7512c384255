#!/bin/sh
# first-screen.sh - the answer on the first screen (issue 23), as a person sees it: the
# screens tests/look/term-screens.sh captures from tmux at 80x50 (the terminal view through
# the default pager, less -FRX) show, for monthly and trends of the sample, the verdict and
# every line of DEGRADATION, and the pager's prompt (the output is longer than the screen);
# compare keeps the absolute averages; after q the exit status is the verdict's (0, and 1
# under --fail-on critical). Skips (77) without tmux or less.
. "$(dirname "$0")/setup.sh"

cd "$top_srcdir"
st=0
PERF_REPORTER=$PERF_REPORTER sh tests/look/term-screens.sh "$tmpdir/screens" >"$tmpdir/log" 2>&1 || st=$?
if [ $st = 77 ]; then
	cat "$tmpdir/log"
	exit 77
fi
[ $st = 0 ] || { cat "$tmpdir/log"; fail term-screens "status $st"; finish; exit 1; }
s=$tmpdir/screens

for cmd in monthly trends; do
	# The verdict and the findings as the emitter writes them at 80 columns, unpaged.
	COLUMNS=80 pr $cmd --now latest -f term --color never samples/basic.jsonl >"$tmpdir/out"
	verdict=$(sed -n 3p "$tmpdir/out")
	awk '/^DEGRADATION/ { d = 1 } d && /^$/ { exit } d' "$tmpdir/out" >"$tmpdir/findings"
	missing=$(grep -vxF -f "$s/$cmd.txt" "$tmpdir/findings" || true)
	if [ "$(wc -l <"$tmpdir/findings")" -gt 2 ] && [ -z "$missing" ]; then
		ok "$cmd-findings-on-screen"
	else
		fail "$cmd-findings-on-screen" "not on the screen: $missing"
	fi
	if case $verdict in "✖ "*|"✔ "*|"! "*) true ;; *) false ;; esac && grep -qxF "$verdict" "$s/$cmd.txt"; then
		ok "$cmd-verdict-on-screen"
	else
		fail "$cmd-verdict-on-screen" "'$verdict' not in: $(head -5 "$s/$cmd.txt")"
	fi
	if [ "$(sed -n 50p "$s/$cmd.txt")" = : ]; then
		ok "$cmd-paged"
	else
		fail "$cmd-paged" "line 50: $(sed -n 50p "$s/$cmd.txt")"
	fi
	if [ "$(cat "$s/$cmd.status")" = 0 ]; then ok "$cmd-status-after-q"; else fail "$cmd-status-after-q" "$(cat "$s/$cmd.status")"; fi
done
if grep -q '^  Operation  *Status  *Base avg  *Cur avg ' "$s/compare.txt" &&
    grep -q 'FINDINGS' "$s/compare.txt"; then
	ok compare-absolute-on-screen
else
	fail compare-absolute-on-screen "$(sed -n 8,12p "$s/compare.txt")"
fi
if [ "$(cat "$s/gate.status")" = 1 ]; then ok gate-status-after-q; else fail gate-status-after-q "$(cat "$s/gate.status")"; fi
finish
