#!/bin/sh
# state.sh - --state FILE (SPEC section 18): a re-run reads only what was appended and
# prints the report of a full run, byte for byte (standard error too); rotation (FILE ->
# FILE.1, its unread tail included), truncation, a replaced file and a file rewritten in
# place are found and read whole; a run killed while writing the state leaves the old one;
# hostile or foreign state files are ignored with a note, never a crash; inputs that
# cannot be read on (gzip, standard input) keep no state.
. "$(dirname "$0")/setup.sh"

cd "$tmpdir"

# gen FIRST COUNT DAY0: COUNT records numbered from FIRST, from 2026-10-DAY0 on, one every
# 7 minutes, 6 operations, some failed, some with sessions.
gen() {
	awk -v first="$1" -v n="$2" -v d0="$3" 'BEGIN {
		split("db_query llm_call tool_call http_fetch cache_get build", ops, " ")
		for (i = first; i < first + n; i++) {
			t = (d0 - 1) * 86400 + i * 420
			d = int(t / 86400) + 1; h = int(t % 86400 / 3600); m = int(t % 3600 / 60)
			s = t % 60
			op = ops[i % 6 + 1]
			dur = (i * 7919 % 1000) / 10 + (op == "build" ? 300 : 1)
			line = sprintf("{\"timestamp\":\"2026-10-%02dT%02d:%02d:%02d.%03dZ\"," \
			    "\"operation_type\":\"%s\",\"duration_ms\":%s", d, h, m, s, i % 1000,
			    op, dur)
			if (i % 37 == 0)
				line = line ",\"error\":\"timeout\""
			if (i % 5 == 0)
				line = line sprintf(",\"session_id\":\"s%d\"", i % 11)
			print line "}"
		}
	}'
}

# same NAME ARGS...: the run with --state st.bin and the run without print the same
# (standard output and standard error but for --state's own notes), status 0.
same() {
	name=$1
	shift
	st1=0
	st2=0
	pr "$@" --state st.bin >s.out 2>s.err || st1=$?
	pr "$@" >f.out 2>f.err || st2=$?
	grep -v -e '--state' s.err >s.err2 || true
	if [ "$st1" != "$st2" ]; then
		fail "$name" "status $st1 with --state, $st2 without: $(cat s.err)"
	elif ! cmp -s s.out f.out; then
		fail "$name" "the reports differ: $(diff s.out f.out | head -5)"
	elif ! cmp -s s.err2 f.err; then
		fail "$name" "standard error differs: $(diff s.err2 f.err | head -5)"
	else
		ok "$name"
	fi
}

# notes NAME PATTERN: the last --state run's standard error says PATTERN.
notes() {
	if grep -q -- "$2" s.err; then ok "$1"; else fail "$1" "no '$2' in: $(cat s.err)"; fi
}

now=--now=2026-10-20
gen 0 3000 1 >log
for args in "weekly -f json" "monthly" "trends -f csv" "report --since 2026-10-05 -f json"; do
	rm -f st.bin
	# shellcheck disable=SC2086 # the command and its options are split on purpose
	same "first run: $args" $args $now log
	gen 3000 200 1 >>log
	# shellcheck disable=SC2086
	same "appended: $args" $args $now log
	if [ -s st.bin ]; then ok "state written: $args"; else fail "state written: $args" "none"; fi
done

# Many runs, appending each time, with malformed lines among the appended ones, under
# every way of reading: one thread, threads, small chunks; --now moving on.
rm -f st.bin
gen 0 2000 1 >log
i=2000
for step in 1 2 3 4 5 6; do
	gen $i 150 1 >>log
	[ "$step" = 3 ] && printf 'not json\n{"timestamp":"2026-10-09T00:00:00Z"}\n\n' >>log
	i=$((i + 150))
	same "re-run $step -j1" weekly -f json -j1 --now="2026-10-1${step}" log
done
for step in 1 2 3; do
	gen $i 100 1 >>log
	i=$((i + 100))
	PERF_REPORTER_CHUNK_BYTES=4096 same "re-run $step -j3, small chunks" monthly -j3 \
	    --now=2026-10-2$step log
done

# --op, with a pattern that matches nothing (named with the nearest operation, which the
# records kept still know), and two files read on side by side.
rm -f st.bin
gen 0 1000 1 >log2
for step in 1 2; do
	gen $i 50 1 >>log
	gen $((1000 * step)) 60 1 >>log2
	i=$((i + 50))
	same "--op and two files, run $step" monthly --now=2026-10-23 --op 'db_*' --op cache_gt \
	    -f json log log2
done
rm -f log2

# Over 65,536 records kept: a re-run adds them on two threads, each into an aggregate of
# its own; with --op, with --now latest (the windows known only at the end) and trends.
# many FIRST COUNT: COUNT records numbered from FIRST, one every 11 seconds from
# 2026-10-01 on.
many() {
	awk -v first="$1" -v n="$2" 'BEGIN {
		split("db_query llm_call tool_call http_fetch cache_get build", ops, " ")
		for (i = first; i < first + n; i++) {
			t = i * 11
			printf "{\"timestamp\":\"2026-10-%02dT%02d:%02d:%02dZ\",\"operation_type\":\"%s\",\"duration_ms\":%d.%d%s%s}\n",
			    int(t / 86400) + 1, int(t % 86400 / 3600), int(t % 3600 / 60), t % 60,
			    ops[i % 6 + 1], i * 7919 % 5000, i % 10, i % 41 == 0 ? ",\"success\":false" : "",
			    i % 3 == 0 ? sprintf(",\"session_id\":\"s%d\"", i % 997) : ""
		}
	}'
}
many 0 150000 >big
for args in "monthly -j2 --now=2026-10-21 --op db_*" "weekly -j2 --now latest -f json" "trends -j2 --now=2026-10-22 -f csv"; do
	rm -f st.bin
	# shellcheck disable=SC2086
	same "many kept, first: $args" $args big
	many 150000 3000 >>big
	# shellcheck disable=SC2086
	same "many kept, appended: $args" $args big
done
rm -f big

# Nothing appended: the same report again.
same "nothing appended" monthly -j3 --now=2026-10-23 log
same "nothing appended, again" monthly -j3 --now=2026-10-23 log

# An earlier --now: the windows reach back past the records kept; read whole.
same "--now moved back" monthly -j3 --now=2026-10-05 log
notes "--now moved back: note" 'reach back past the records kept'

# Only the appended bytes are read: a byte changed far before the end (same size, same
# inode, the last 4 KiB read untouched) goes unseen by the re-run, as it should for a log.
rm -f st.bin
gen 0 3000 1 >log
pr weekly $now -f json --state st.bin log >/dev/null 2>&1
printf '9' | dd of=log bs=1 seek=$(( $(grep -b -m1 '"duration_ms":' log | cut -d: -f1) + 200 )) \
    conv=notrunc 2>/dev/null
gen 3000 10 1 >>log
pr weekly $now -f json --state st.bin log >s.out 2>/dev/null
pr weekly $now -f json log >f.out 2>/dev/null || true
if ! cmp -s s.out f.out; then ok "only appended bytes read"; else fail "only appended bytes read" "the change in the middle was read"; fi

# --now latest: the windows follow the newest record.
rm -f st.bin
same "--now latest, first" weekly --now latest -f json log
gen $i 300 1 >>log
i=$((i + 300))
same "--now latest, appended" weekly --now latest -f json log

# Rotation: log -> log.1 with records appended after the last run (its unread tail), a new
# log; the report is that of a run over log.1 and log.
rm -f st.bin
gen 0 2000 1 >log
now=--now=2026-10-12
pr weekly $now -f md --state st.bin log >/dev/null 2>&1
gen 2000 120 1 >>log
mv log log.1
gen 2120 80 1 >log
pr weekly $now -f md --state st.bin log >s.out 2>s.err || true
pr weekly $now -f md log.1 log >f.out 2>/dev/null || true
if cmp -s s.out f.out; then ok "rotation"; else fail "rotation" "$(diff s.out f.out | head -5)"; fi
# The next run reads on in the new log; its counts still hold log.1's lines.
gen 2200 50 1 >>log
pr weekly $now -f md --state st.bin log >s.out 2>s.err || true
pr weekly $now -f md log.1 log >f.out 2>/dev/null || true
if cmp -s s.out f.out; then ok "after rotation"; else fail "after rotation" "$(diff s.out f.out | head -5)"; fi
rm -f log.1
# Rotated to log-20261020 (dateext) the same way.
rm -f st.bin
gen 0 1000 1 >log
pr weekly $now -f md --state st.bin log >/dev/null 2>&1
gen 1000 30 1 >>log
mv log log-20261020
gen 1030 40 1 >log
pr weekly $now -f md --state st.bin log >s.out 2>s.err || true
pr weekly $now -f md log-20261020 log >f.out 2>/dev/null || true
if cmp -s s.out f.out; then ok "rotation, dateext"; else fail "rotation, dateext" "$(diff s.out f.out | head -5)"; fi
rm -f log-20261020
now=--now=2026-10-20

# Truncation: the log shrank; it is read whole, with a note.
rm -f st.bin
gen 0 1500 1 >log
pr weekly $now --state st.bin log >/dev/null 2>&1
gen 0 700 3 >log.new
cat log.new >log # same inode, fewer bytes
same "truncated" weekly $now log
grep -q 'shrank since the last run' s.err && ok "truncated: note" || fail "truncated: note" "$(cat s.err)"
# Rewritten in place, not shorter: the tail no longer matches.
gen 0 1600 4 >log.new
cat log.new >log
same "rewritten in place" weekly $now log
notes "rewritten: note" 'was rewritten since the last run'
# Replaced: another file under the name, no rotated file holds the old one.
gen 0 1700 2 >log.new
mv log.new log
same "replaced" weekly $now log
notes "replaced: note" 'was replaced since the last run'

# A line still being written (no newline at the end): the state is not updated then, and
# the line's rest is read whole next time.
rm -f st.bin
gen 0 1000 1 >log
same "before a partial line" weekly $now log
gen 1000 1 1 | head -c 40 >>log
same "partial last line" weekly $now log
notes "partial last line: note" 'does not end with a newline'
gen 1000 1 1 | tail -c +41 >>log
same "the line completed" weekly $now log

# A run killed (SIGKILL) in the middle of writing its state leaves the old one.
rm -f st.bin
gen 0 3000 1 >log
pr weekly $now --state st.bin log >/dev/null 2>&1
cp st.bin st.saved
gen 3000 100 1 >>log
PERF_REPORTER_STATE_PAUSE_MS=20000 "$PERF_REPORTER" weekly $now --state st.bin log \
    >/dev/null 2>&1 &
pid=$!
k=0
while [ "$k" -lt 200 ] && ! ls st.bin.tmp.* >/dev/null 2>&1; do
	sleep 0.05
	k=$((k + 1))
done
if ls st.bin.tmp.* >/dev/null 2>&1; then ok "killed: caught writing"; else fail "killed: caught writing" "no temporary file"; fi
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if cmp -s st.bin st.saved; then ok "killed: old state kept"; else fail "killed: old state kept" "st.bin changed"; fi
rm -f st.bin.tmp.*
same "killed: the next run" weekly $now log

# killed_run NAME ARGS...: run ARGS with --state st.bin, paused halfway through writing
# its records, and kill it (SIGKILL) there; says whether it was caught writing.
killed_run() {
	name=$1
	shift
	PERF_REPORTER_STATE_PAUSE_MS=20000 "$PERF_REPORTER" "$@" --state st.bin >/dev/null 2>&1 &
	pid=$!
	k=0
	while [ "$k" -lt 200 ] && ! ls st.bin.tmp.* >/dev/null 2>&1; do
		sleep 0.05
		k=$((k + 1))
	done
	sleep 0.3 # the first half of the records is written before the pause
	if ls st.bin.tmp.* >/dev/null 2>&1; then ok "$name: caught writing"; else fail "$name: caught writing" "no temporary file"; fi
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f st.bin.tmp.*
}
# size FILE: its bytes.
size() {
	wc -c <"$1" | tr -d ' '
}

# Killed while appending to the records segment: the old manifest stands, naming only the
# records committed before; the next run cuts the killed run's half-append (1000 of 2000
# records) off first, so the segment then holds the committed records and that run's
# 400 (the log cut back to them: still an append to what the state read).
rm -f st.bin st.bin.records.*
gen 0 3000 1 >log
pr weekly $now --state st.bin log >/dev/null 2>&1
cp st.bin st.saved
seg0=$(size st.bin.records.0)
gen 3000 2000 1 >>log
killed_run "killed appending" weekly $now log
head -n 3400 log >log.cut
cat log.cut >log
rm -f log.cut
if cmp -s st.bin st.saved; then ok "killed appending: old manifest kept"; else fail "killed appending: old manifest kept" "st.bin changed"; fi
seg1=$(size st.bin.records.0)
if [ "$seg1" -gt "$seg0" ]; then ok "killed appending: half-appended"; else fail "killed appending: half-appended" "segment $seg0 -> $seg1 bytes"; fi
same "killed appending: the next run" weekly $now log
seg2=$(size st.bin.records.0)
if [ "$seg2" = $((seg0 + 400 * 24)) ]; then ok "killed appending: cut back first"; else fail "killed appending: cut back first" "segment $seg0 -> $seg2 bytes, not $((seg0 + 400 * 24))"; fi

# Compaction: records the windows no longer reach stay in the segment until they are more
# than half of it; the records still reached are then written to the other slot, and the
# old slot removed. A run killed while compacting leaves the old manifest and slot.
rm -f st.bin st.bin.records.*
gen 0 3000 1 >log
pr weekly --now=2026-10-16 --state st.bin log >/dev/null 2>&1
gen 3000 10 1 >>log
same "compaction: not yet" weekly --now=2026-10-17 log
if [ -e st.bin.records.0 ] && [ ! -e st.bin.records.1 ]; then ok "compaction: not yet, slot 0"; else fail "compaction: not yet, slot 0" "$(ls st.bin*)"; fi
gen 3010 10 1 >>log
seg0=$(size st.bin.records.0)
same "compaction" weekly --now=2026-10-26 log
if [ ! -e st.bin.records.0 ] && [ -e st.bin.records.1 ] &&
    [ "$(size st.bin.records.1)" -lt $((seg0 / 2)) ]; then
	ok "compaction: slot 1, smaller"
else
	fail "compaction: slot 1, smaller" "$(ls -l st.bin*)"
fi
gen 3020 10 1 >>log
same "compaction: then appended" weekly --now=2026-10-26 log
cp st.bin st.saved
cp st.bin.records.1 seg.saved
gen 3030 2000 1 >>log
pr weekly --now=2026-10-26 --state st.bin log >/dev/null 2>&1
cp st.bin st.saved
cp st.bin.records.1 seg.saved
gen 5030 10 1 >>log
killed_run "killed compacting" weekly --now=2026-11-20 log
if cmp -s st.bin st.saved && cmp -s st.bin.records.1 seg.saved; then ok "killed compacting: old state kept"; else fail "killed compacting: old state kept" "changed"; fi
same "killed compacting: the next run" weekly --now=2026-11-20 log
if [ -e st.bin.records.0 ] && [ ! -e st.bin.records.1 ]; then ok "killed compacting: then compacted"; else fail "killed compacting: then compacted" "$(ls st.bin*)"; fi
rm -f st.saved seg.saved
now=--now=2026-10-20

# Hostile and foreign state files: ignored with a note, the report that of a full run.
gen 0 800 1 >log
hostile() {
	same "hostile: $1" weekly $now log
	notes "hostile note: $1" "$2"
}
printf 'garbage' >st.bin
hostile "garbage" 'is not a state file'
: >st.bin
hostile "empty" 'is not a state file'
pr weekly $now --state st.bin log >/dev/null 2>&1
head -c 200 st.bin >st.cut && mv st.cut st.bin
hostile "cut short" 'is damaged'
pr weekly $now --state st.bin log >/dev/null 2>&1
size=$(wc -c <st.bin)
printf '\377' | dd of=st.bin bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
hostile "a byte changed" 'is damaged'
printf 'PRSTATE\n\011\000\000\000' >st.bin
hostile "another version" 'another version'
# A state of the first format (one file: head, records, one checksum) is ignored and
# rewritten in this one.
printf 'PRSTATE\n\001\000\000\000\200\000\000\000\000\000\000\000' >st.bin
head -c 200 log >>st.bin
hostile "format 1" 'another version'
if [ "$(od -An -tu4 -j8 -N4 st.bin | tr -d ' ')" = 2 ]; then ok "format 1: rewritten"; else fail "format 1: rewritten" "format $(od -An -tu4 -j8 -N4 st.bin)"; fi
# The records segment damaged, cut short or gone: the manifest's checksums catch it.
now=--now=2026-10-05
rm -f st.bin st.bin.records.*
pr weekly $now --state st.bin log >/dev/null 2>&1
printf '\377' | dd of=st.bin.records.0 bs=1 seek=100 conv=notrunc 2>/dev/null
hostile "a byte of the segment changed" "records' checksum does not match"
rm -f st.bin st.bin.records.*
pr weekly $now --state st.bin log >/dev/null 2>&1
head -c 100 st.bin.records.0 >st.cut && mv st.cut st.bin.records.0
hostile "the segment cut short" 'records segment is cut short'
rm -f st.bin st.bin.records.*
pr weekly $now --state st.bin log >/dev/null 2>&1
rm -f st.bin.records.0
hostile "the segment gone" 'records segment cannot be read'
now=--now=2026-10-20
pr monthly $now --state st.bin log >/dev/null 2>&1
hostile "other options" 'another command, other options'
cp log log2
pr weekly $now --state st.bin log2 >/dev/null 2>&1
hostile "other files" 'another command, other options or other files'
mkdir -p st.dir
st3=0
pr weekly $now --state st.dir log >/dev/null 2>s.err || st3=$?
if [ "$st3" = 0 ] && grep -q 'cannot' s.err; then ok "state is a directory"; else fail "state is a directory" "status $st3: $(cat s.err)"; fi

# Inputs that cannot be read on: gzip and standard input keep no state.
rm -f st.bin
gzip -c log >log.gz
same "gzip input" weekly $now log.gz
notes "gzip: note" 'read whole every time'
if [ -e st.bin ]; then fail "gzip: no state" "st.bin written"; else ok "gzip: no state"; fi
st4=0
pr weekly $now --state st.bin - <log >s.out 2>s.err || st4=$?
pr weekly $now - <log >f.out 2>/dev/null
if [ "$st4" = 0 ] && cmp -s s.out f.out && [ ! -e st.bin ]; then ok "standard input"; else fail "standard input" "status $st4"; fi

# Usage: the commands that read records into a report, without --by and --explain.
for args in "export" "compare log log" "changes" "summarize" "weekly --by operation_type,session_id" "weekly --explain session_id"; do
	st5=0
	# shellcheck disable=SC2086
	pr $args --state st.bin log >/dev/null 2>s.err || st5=$?
	if [ "$st5" = 2 ] && grep -q -- '--state' s.err; then ok "usage: $args"; else fail "usage: $args" "status $st5: $(cat s.err)"; fi
done

finish
