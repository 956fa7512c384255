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
ghcss=
# need_ghcss: install github-markdown-css (GitHub's Markdown CSS) into a cache under the
# build tree (GHCSS_CACHE, default tests/e2e/.ghcss) unless it is there; sets $ghcss to
# its light style sheet, or leaves it empty.
need_ghcss() {
	cache=${GHCSS_CACHE:-$builddir/tests/e2e/.ghcss}
	css=$cache/node_modules/github-markdown-css/github-markdown-light.css
	if [ ! -f "$css" ]; then
		command -v npm >/dev/null 2>&1 || return 0
		mkdir -p "$cache"
		npm install --no-audit --no-fund --silent --no-save --no-package-lock \
		    --prefix "$cache" github-markdown-css >"$cache/npm.log" 2>&1 ||
		    { cat "$cache/npm.log"; return 0; }
	fi
	[ -f "$css" ] && ghcss=$css
	return 0
}
