#!/bin/sh
# term-screens.sh - the first screen a person sees (issue 23): perf-reporter run as typed in a
# tmux terminal of 80x50 with no option beyond the command and the sample (the terminal view
# is the default there, in colour, through the default pager less -FRX), the screen captured
# while the pager waits (capture-pane -e -p), then q typed and the exit status kept:
#   monthly.ansi, trends.ansi, compare.ansi   the screen with its colours (gate.*: monthly
#                                             with --fail-on critical)
#   monthly.txt, trends.txt, compare.txt      the same without them, 50 lines
#   monthly.status, ...                       perf-reporter's exit status after q
#   *.png                                     with --png: each drawn as a dark terminal
#                                             (ansi2html.py) by headless Chromium
# Usage (from the top of a built tree): tests/look/term-screens.sh [--png] OUTDIR
# Needs tmux and less; --png needs chromium. tests/e2e/first-screen.sh asserts on the .txt.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
png=false
if [ "${1:-}" = --png ]; then
	png=true
	shift
fi
out=${1:?usage: term-screens.sh [--png] OUTDIR}
pr=${PERF_REPORTER:-$(pwd)/perf-reporter}
for t in tmux less; do
	command -v "$t" >/dev/null 2>&1 || { echo "term-screens: needs $t" >&2; exit 77; }
done
mkdir -p "$out"
sock=
trap 'if [ -n "$sock" ]; then tmux -L "$sock" kill-server 2>/dev/null || true; fi' EXIT INT TERM
export SOURCE_DATE_EPOCH=1793491200 LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR COLUMNS PAGER LESS

# screen NAME ARGS...: run perf-reporter ARGS in a fresh 80x50 tmux terminal, capture its
# screen once the output has settled, type q, keep the exit status.
screen() {
	name=$1
	shift
	rm -f "$out/$name.status"
	sock=prscreens$$-$name # a server of its own: a stopping one refuses a new session
	tmux -L "$sock" -f /dev/null new-session -d -s look -x 80 -y 50 \
	    "cd '$top' && TERM=xterm-256color '$pr' $*; echo \$? >'$out/$name.status'; sleep 30"
	prev= n=0
	while [ $n -lt 50 ]; do # the screen unchanged for 0.3 s, at most 5 s
		sleep 0.1
		cur=$(tmux -L "$sock" capture-pane -t look -p | cksum)
		if [ "$cur" = "$prev" ] && [ $n -gt 3 ]; then break; fi
		prev=$cur n=$((n + 1))
	done
	tmux -L "$sock" capture-pane -t look -e -p >"$out/$name.ansi"
	tmux -L "$sock" capture-pane -t look -p >"$out/$name.txt"
	tmux -L "$sock" send-keys -t look q
	n=0
	while [ ! -s "$out/$name.status" ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	tmux -L "$sock" kill-server
	sock=
	if $png; then
		python3 "$top/tests/look/ansi2html.py" "tmux 80x50: perf-reporter $*" \
		    <"$out/$name.ansi" >"$out/$name.html"
		. "$top/tests/e2e/browser.sh"
		"$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		    --hide-scrollbars --window-size=705,960 --screenshot="$out/$name.png" \
		    "file://$out/$name.html" >/dev/null 2>&1
	fi
}
screen monthly monthly --now latest samples/basic.jsonl
screen trends trends --now latest samples/basic.jsonl
screen compare compare --now latest --days 30 samples/basic.jsonl samples/degradation.jsonl
# As a gate: q on the pager leaves the verdict's exit status (1).
screen gate monthly --now latest --fail-on critical samples/basic.jsonl
