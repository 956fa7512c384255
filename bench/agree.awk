# agree.awk: do two tools agree on the per-operation statistics?
#
# Usage: awk -F '\t' -v tool=NAME [-v tol=1e-9] -f agree.awk REF.tsv TOOL.tsv
#
# Both files hold one line per key (an operation, or "window/operation"):
#   key count success mean p95 p99 min max
# separated by tabs; "-" marks a value that file does not have (it is not
# compared).  count and success must be equal; the others must agree within
# tol relative (|a - b| <= tol * max(|a|, |b|)).  A key in one file and not
# the other is a disagreement.  Each disagreement is printed on standard
# output; the exit status is 1 when there is any, else 0.

BEGIN {
	if (tol == "")
		tol = 1e-9
	split("key count success mean p95 p99 min max", col, " ")
	bad = 0
}

# Is s a value to compare?
function known(s) {
	return s != "-" && s != ""
}

function absval(x) {
	return x < 0 ? -x : x
}

FNR == NR {
	nref++
	refline[$1] = $0
	next
}

{
	seen[$1] = 1
	if (!($1 in refline)) {
		printf("DISAGREE %s: %s: not in perf-reporter's output\n",
		    tool, $1)
		bad++
		next
	}
	n = split(refline[$1], r, "\t")
	for (i = 2; i <= 8; i++) {
		if (!known(r[i]) || !known($i))
			continue
		a = r[i] + 0
		b = $i + 0
		if (i <= 3) {
			if (a != b) {
				printf("DISAGREE %s: %s %s: perf-reporter %s, " \
				    "%s %s\n", tool, $1, col[i], r[i], tool, $i)
				bad++
			}
			continue
		}
		m = absval(a) > absval(b) ? absval(a) : absval(b)
		if (absval(a - b) > tol * m) {
			printf("DISAGREE %s: %s %s: perf-reporter %s, %s %s " \
			    "(relative difference %.3g)\n", tool, $1, col[i],
			    r[i], tool, $i, absval(a - b) / m)
			bad++
		}
	}
}

END {
	for (k in refline)
		if (!(k in seen)) {
			printf("DISAGREE %s: %s: missing (perf-reporter has it)\n",
			    tool, k)
			bad++
		}
	if (nref == 0) {
		printf("DISAGREE %s: perf-reporter's output is empty\n", tool)
		bad++
	}
	exit bad > 0
}
