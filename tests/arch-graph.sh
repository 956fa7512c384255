#!/bin/sh
# arch-graph.sh - make check's run of tests/arch-graph.py: the include/call graph of src/
# (the objects of this build) has no new cycle between files, no file but main.c and
# cli.c includes cli.h, and at most 5 edges go from a lower layer up to a higher one.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
if ! command -v python3 >/dev/null 2>&1 || ! command -v nm >/dev/null 2>&1; then
	echo "note: python3 or nm not found: the graph check is skipped"
	exit 77
fi
exec python3 "$top_srcdir/tests/arch-graph.py" "$top_srcdir/src" "$(pwd)/src"
