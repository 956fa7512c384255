#!/bin/sh
# chart-numbers.sh - the numbers drawn in the Mermaid charts (p95 and p50 per day) equal
# those Python's statistics module computes from the raw logs (chart-numbers.py), for the
# weekly and monthly windows of both samples.
. "$(dirname "$0")/setup.sh"

cd "$top_srcdir"
for s in basic degradation; do
	pr weekly --now 2026-11-01 --charts 20 "samples/$s.jsonl" >"$tmpdir/w.md"
	if python3 tests/e2e/chart-numbers.py "samples/$s.jsonl" 2026-10-25T00:00:00Z \
	    2026-11-01T00:00:00Z "$tmpdir/w.md" >"$tmpdir/check"; then
		ok "weekly-$s"
	else
		fail "weekly-$s" "$(head -5 "$tmpdir/check")"
	fi
	pr monthly --now 2026-11-01 --charts 20 "samples/$s.jsonl" >"$tmpdir/m.md"
	if python3 tests/e2e/chart-numbers.py "samples/$s.jsonl" 2026-10-02T00:00:00Z \
	    2026-11-01T00:00:00Z "$tmpdir/m.md" >"$tmpdir/check"; then
		ok "monthly-$s"
	else
		fail "monthly-$s" "$(head -5 "$tmpdir/check")"
	fi
done
finish
