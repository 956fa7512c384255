#!/bin/bash
# jobs-scaling.sh: wall seconds of `report --log-format FORMAT` with -j 1, with -j 2, and
# of two independent -j 1 runs at once (the control: on two free CPUs it takes as long as
# one run; twice as long means the machine gives one CPU's worth, and -j 2 cannot gain),
# interleaved REPS times, one line per repetition with the 1-minute load average.
# Usage: bench/jobs-scaling.sh PERF_REPORTER FORMAT LOG [REPS]
set -eu
pr=$1 fmt=$2 log=$3 reps=${4:-5}
run() {
	"$pr" report --since 2000-01-01 --until 2100-01-01 --log-format "$fmt" -f json \
	    -j "$1" "$log" > /dev/null
}
now() { date +%s.%N; }
echo "rep j1_s j2_s two_j1_at_once_s load"
for i in $(seq "$reps"); do
	a=$(now); run 1; b=$(now); run 2; c=$(now)
	run 1 & run 1; wait; d=$(now)
	echo "$i $(echo "$b - $a" | bc) $(echo "$c - $b" | bc) $(echo "$d - $c" | bc)" \
	    "$(cut -d' ' -f1 /proc/loadavg)"
done
