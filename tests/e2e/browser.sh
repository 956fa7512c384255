# browser.sh - sourced by the tests that need a browser or Mermaid: finds headless
# Chromium (CHROMIUM, else chromium or chromium-browser) and installs the mermaid@10 npm
# package once into a cache under the build tree (MERMAID_CACHE, default
# tests/e2e/.mermaid in the directory make check runs in). Sets $chromium and $mermaid_js,
# or leaves them empty; a test skips (status 77) when what it needs is missing.
chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
	for c in chromium chromium-browser; do
		if command -v "$c" >/dev/null 2>&1; then
			chromium=$c
			break
		fi
	done
fi
mermaid_js=
# need_mermaid: install mermaid@10 into the cache unless it is there; sets $mermaid_js.
need_mermaid() {
	cache=${MERMAID_CACHE:-$builddir/tests/e2e/.mermaid}
	js=$cache/node_modules/mermaid/dist/mermaid.min.js
	if [ ! -f "$js" ]; then
		command -v npm >/dev/null 2>&1 || return 0
		mkdir -p "$cache"
		npm install --no-audit --no-fund --silent --prefix "$cache" mermaid@10 \
		    >"$cache/npm.log" 2>&1 || { cat "$cache/npm.log"; return 0; }
	fi
	[ -f "$js" ] && mermaid_js=$js
	return 0
}
