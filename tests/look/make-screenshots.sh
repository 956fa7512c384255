#!/bin/sh
# make-screenshots.sh - the pictures of the reports as a person sees them, for looking at
# them (and for the README's doc/*.png):
#   term-80.png, term-160.png  `perf-reporter monthly` run by tmux in a terminal of 80x70
#                              and 160x50 (the default format on a terminal: term, in
#                              colour), captured with capture-pane -e and drawn as a dark
#                              terminal page (ansi2html.py) by headless Chromium
#   markdown-charts.png        the trends Markdown rendered the way GitHub does it
#                              (md2html.py: tables, code spans, Mermaid 10 charts)
#   markdown-830.png           the monthly Markdown in GitHub's own CSS
#                              (github-markdown-css) at an issue's width, 830 px, its
#                              <details> open (laid out by tests/e2e/issue-look.py)
#   html-report.png            the --format html page at 1100 px; html-phone.png at 390 px
#   xlsx.png                   the trends --format xlsx workbook as LibreOffice shows it
# Usage (from the top of a built tree): tests/look/make-screenshots.sh [OUTDIR]
# (default doc/). Needs tmux, chromium and npm (mermaid@10 goes into tests/e2e/.mermaid);
# pngquant, when present, makes the PNGs smaller.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/doc}
builddir=$(pwd)
pr=${PERF_REPORTER:-$builddir/perf-reporter}
. "$top/tests/e2e/browser.sh"
need_mermaid
need_ghcss
for t in tmux python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "make-screenshots: needs $t" >&2; exit 1; }
done
[ -n "$chromium" ] || { echo "make-screenshots: needs chromium" >&2; exit 1; }
[ -n "$mermaid_js" ] || { echo "make-screenshots: needs npm for mermaid@10" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pr-look.XXXXXX")
trap 'tmux -L prlook kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1793491200 LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR COLUMNS

# shot HTML PNG WIDTH HEIGHT: screenshot of a page.
shot() {
	"$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
	    --allow-file-access-from-files --virtual-time-budget=15000 --window-size="$3,$4" \
	    --screenshot="$2" "file://$1" >/dev/null 2>&1
	if command -v pngquant >/dev/null 2>&1; then
		pngquant --force --skip-if-larger --quality 60-90 --output "$2" "$2" 2>/dev/null || true
	fi
	echo "wrote $2 ($(wc -c <"$2") bytes)"
}

# term COLS ROWS NAME: the monthly report in a tmux terminal of COLS x ROWS.
term() {
	tmux -L prlook -f /dev/null new-session -d -s look -x "$1" -y "$2" \
	    "cd '$top' && TERM=xterm-256color '$pr' monthly --now latest samples/basic.jsonl --top 5; sleep 60"
	sleep 2
	tmux -L prlook capture-pane -t look -e -p -S - -E - >"$tmp/$3.txt"
	tmux -L prlook kill-server
	lines=$(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$tmp/$3.txt" | wc -l)
	python3 "$top/tests/look/ansi2html.py" "tmux $1x$2: perf-reporter monthly" \
	    <"$tmp/$3.txt" >"$tmp/$3.html"
	# 8.43 px per column and 18.2 px per line in DejaVu Sans Mono 14px, plus margins.
	shot "$tmp/$3.html" "$out/$3.png" $(( $1 * 843 / 100 + 30 )) $(( lines * 182 / 10 + 50 ))
}
term 80 70 term-80
term 160 50 term-160

(cd "$top" && "$pr" trends --now latest --top 3 samples/basic.jsonl) >"$tmp/trends.md"
python3 "$top/tests/look/md2html.py" "$mermaid_js" <"$tmp/trends.md" >"$tmp/md.html"
shot "$tmp/md.html" "$out/markdown-charts.png" 940 3300
if [ -n "$ghcss" ]; then
	(cd "$top" && "$pr" monthly --now latest samples/basic.jsonl) >"$tmp/monthly.md"
	python3 "$top/tests/e2e/issue-look.py" "$ghcss" "$mermaid_js" "$chromium" "$tmp" \
	    "$tmp/monthly.md" >/dev/null || true
	shot "$tmp/issue.html" "$out/markdown-830.png" 870 1700
else
	echo "make-screenshots: no npm for github-markdown-css: markdown-830.png not made" >&2
fi

(cd "$top" && "$pr" monthly --now latest -f html -o "$tmp/report.html" samples/basic.jsonl)
shot "$tmp/report.html" "$out/html-report.png" 1100 2100
shot "$tmp/report.html" "$out/html-phone.png" 390 1500

# xlsx.png: the trends workbook as LibreOffice reads it (every sheet, cell formats applied:
# soffice converts it to HTML), when soffice is installed.
if command -v soffice >/dev/null 2>&1; then
	(cd "$top" && "$pr" trends --now latest --days 60 --bucket week -f xlsx -o "$tmp/trends.xlsx" \
	    samples/basic.jsonl)
	(cd "$tmp" && HOME=$tmp soffice -env:UserInstallation=file://"$tmp/lo" --headless \
	    --convert-to html trends.xlsx >/dev/null 2>&1)
	shot "$tmp/trends.html" "$out/xlsx.png" 1300 1400
else
	echo "make-screenshots: no soffice: xlsx.png not made"
fi
