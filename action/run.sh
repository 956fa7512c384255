#!/usr/bin/env bash
# action/run.sh - the GitHub Action's step (action.yml): run perf-reporter on the inputs,
# write the Markdown to the job summary, one annotation per finding, the step outputs, and
# optionally one sticky pull-request comment.
#
# Environment (action.yml maps the inputs onto it):
#   PERF_REPORTER        the binary (default: perf-reporter on PATH)
#   INPUT_COMMAND        weekly, monthly, trends, report or compare (default weekly)
#   INPUT_FILES          input files, split at white space, shell patterns expanded (for
#                        compare: BASE CURRENT)
#   INPUT_TARGETS        --targets FILE, or empty; a FILE that does not exist (yet) is left
#                        out with a notice, as the baseline
#   INPUT_BASELINE       --baseline FILE, or empty; a FILE that does not exist yet (the first
#                        run) is left out with a notice
#   INPUT_FAIL_ON        critical (default), warning or none
#   INPUT_ARGS           more arguments, split as a shell splits words: at blanks and
#                        newlines (so a YAML block with one or more per line works), with
#                        '...', "..." and backslash quoting as xargs(1) reads them; nothing
#                        is expanded (no variables, no patterns, no command runs), so
#                        --op 'llm_*' passes the pattern llm_* to perf-reporter
#   INPUT_SAVE_BASELINE  copy the new JSON report to this path (for actions/cache), or empty
#   INPUT_MAX_CHARS      --max-chars of the Markdown (default 65000: GitHub's body limit)
#   INPUT_COMMENT        true: post or update the sticky comment on the pull request
#   INPUT_COMMENT_KEY    tells this comment from others of other jobs (default perf-reporter)
#   GH_TOKEN             for gh (the comment)
#   GITHUB_*, RUNNER_TEMP as GitHub sets them.
# Outputs: verdict (ok, warning, critical, no_data, or error), verdict-text, json, markdown,
# exit-code. The JSON and the Markdown are the same report: perf-reporter runs once, writing
# the Markdown with -o and the JSON with --json-output. Exit status: perf-reporter's (0; 1
# when the verdict reached fail-on; 2 an error), returned only at the very end, after the
# baseline copy, the summary and the comment.
#
# Nothing here stops the script early but a usage error before perf-reporter runs: every
# command that may fail is tested, so it behaves the same under bash -e. The comment never
# fails the step: a read-only token (pull requests from forks), a missing gh or an API error
# give a ::notice and the script goes on. Text from the report reaches the log only through
# pr_escape (workflow-command escaping, control characters replaced).
set -u -o pipefail

pr_bin=${PERF_REPORTER:-perf-reporter}
command=${INPUT_COMMAND:-weekly}
fail_on=${INPUT_FAIL_ON:-critical}
max_chars=${INPUT_MAX_CHARS:-65000}
key=${INPUT_COMMENT_KEY:-perf-reporter}
key=${key//[^A-Za-z0-9._-]/_}
marker="<!-- perf-reporter-comment:$key -->"
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/perf-reporter-$key
json=$out/report.json
md=$out/report.md

# pr_escape [property]: standard input as one workflow-command value: control characters
# (but LF and CR) become U+FFFD, % CR LF are %-encoded, and in a property : and , too.
pr_escape() {
	local s
	s=$(LC_ALL=C tr '\000-\011\013\014\016-\037\177' '\032' | sed 's/\x1a/\xef\xbf\xbd/g' ; printf x)
	s=${s%x}
	s=${s%$'\n'}
	s=${s//%/%25}
	s=${s//$'\r'/%0D}
	s=${s//$'\n'/%0A}
	if [ "${1:-}" = property ]; then
		s=${s//:/%3A}
		s=${s//,/%2C}
	fi
	printf '%s' "$s"
}

# pr_cmd NAME [TITLE] MESSAGE: one workflow command (::error, ::warning, ::notice).
pr_cmd() {
	local name=$1 title=
	if [ $# -ge 3 ]; then
		title=" title=$(printf '%s' "$2" | pr_escape property)"
		shift
	fi
	printf '::%s%s::%s\n' "$name" "$title" "$(printf '%s' "$2" | pr_escape)"
}

# pr_output NAME VALUE: a step output (multi-line safe).
pr_output() {
	local delim
	[ -n "${GITHUB_OUTPUT:-}" ] || return 0
	delim=PERF_REPORTER_EOF_$RANDOM$RANDOM
	printf '%s<<%s\n%s\n%s\n' "$1" "$delim" "$2" "$delim" >>"$GITHUB_OUTPUT"
}

# Usage errors in the inputs: before anything runs.
case $command in
weekly | monthly | trends | report | compare) ;;
*)
	pr_cmd error "perf-reporter action" "command must be weekly, monthly, trends, report or compare (got '$command'; export makes no report)"
	exit 2
	;;
esac
case $fail_on in
critical | warning | none | "") ;;
*)
	pr_cmd error "perf-reporter action" "fail-on must be critical, warning or none (got '$fail_on')"
	exit 2
	;;
esac
if ! command -v "$pr_bin" >/dev/null 2>&1; then
	pr_cmd error "perf-reporter action" "perf-reporter not found ($pr_bin)"
	exit 2
fi
mkdir -p "$out" || exit 2

args=("$command")
# The files: split at white space; patterns expanded, one matching nothing kept as it is
# (so that perf-reporter names it in its error).
read -r -d '' -a words <<<"${INPUT_FILES:-}" || true
if [ "${#words[@]}" -eq 0 ]; then
	pr_cmd error "perf-reporter action" "no input files (the files input)"
	exit 2
fi
for w in "${words[@]}"; do
	matches=()
	# shellcheck disable=SC2206 # pattern expansion wanted
	[[ $w == *[*?[]* ]] && matches=($w)
	if [ "${#matches[@]}" -gt 0 ]; then args+=("${matches[@]}"); else args+=("$w"); fi
done
if [ -n "${INPUT_TARGETS:-}" ]; then
	if [ -e "$INPUT_TARGETS" ]; then
		args+=(--targets "$INPUT_TARGETS")
	else
		pr_cmd notice "perf-reporter" "no targets file at $INPUT_TARGETS: no targets checked"
	fi
fi
if [ -n "${INPUT_BASELINE:-}" ]; then
	if [ -e "$INPUT_BASELINE" ]; then
		args+=(--baseline "$INPUT_BASELINE")
	else
		pr_cmd notice "perf-reporter" "no baseline at $INPUT_BASELINE yet (the first run): compared with the targets only"
	fi
fi
[ -n "$fail_on" ] && [ "$fail_on" != none ] && args+=(--fail-on "$fail_on")
# The args, split as xargs splits (quotes and backslashes honoured, nothing expanded).
extra=()
if [ -n "${INPUT_ARGS//[[:space:]]/}" ]; then
	if ! mapfile -d '' -t extra < <(printf '%s\n' "$INPUT_ARGS" | xargs printf '%s\0' 2>"$out/xargs.err") ||
	    [ -s "$out/xargs.err" ]; then
		pr_cmd error "perf-reporter action" "args: $(sed 's/^xargs: //' "$out/xargs.err" | head -n 1) (got '$INPUT_ARGS')"
		exit 2
	fi
fi
args+=("${extra[@]}")

# One run: the Markdown for people (-o) and the same report as JSON (--json-output), whose
# verdict the step outputs; both files are written whole, or neither. Markdown's own
# options come after the args, so that theirs cannot turn it into another format.
limit=(--max-chars "$max_chars")
[ "$command" = compare ] && limit=() # compare's Markdown has no --max-chars
status=0
rm -f "$json" "$md" # nothing left from an earlier run may pass for this one's
"$pr_bin" "${args[@]}" -f md "${limit[@]}" --color never -o "$md" --json-output "$json" \
    2>"$out/stderr" || status=$?
cat "$out/stderr" >&2
if [ "$status" -ge 2 ] || [ ! -s "$json" ]; then
	[ "$status" -ge 2 ] || status=2
	msg=$(head -n 1 "$out/stderr")
	pr_cmd error "perf-reporter failed (status $status)" "${msg:-no report written}"
	pr_output verdict error
	pr_output verdict-text "perf-reporter failed (status $status)"
	pr_output json ""
	pr_output markdown ""
	pr_output exit-code "$status"
	exit "$status"
fi
# The new baseline first: nothing after this can keep it from being saved.
if [ -n "${INPUT_SAVE_BASELINE:-}" ]; then
	cp "$json" "$INPUT_SAVE_BASELINE" ||
		pr_cmd warning "perf-reporter" "could not copy the report to $INPUT_SAVE_BASELINE"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -s "$md" ]; then
	cat "$md" >>"$GITHUB_STEP_SUMMARY" || pr_cmd warning "perf-reporter" "could not write the job summary"
fi

# One annotation per finding: degradations, targets not met, baseline regressions and
# warnings; critical ones are ::error, the others ::warning. jq writes the workflow commands
# whole: control characters (C0, DEL, C1) become U+FFFD, then % CR LF (and in the title
# : and ,) are %-encoded, so a name from the input can neither end the line nor start a
# command of its own.
verdict=
verdict_text=
if command -v jq >/dev/null 2>&1; then
	jq -r '
		def clean: tostring | explode | map(if (. < 32 and . != 10 and . != 13) or (. >= 127 and . < 160)
			then 65533 else . end) | implode;
		def msg: clean | gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
		def prop: msg | gsub(":"; "%3A") | gsub(","; "%2C");
		def num: if type == "number" then (. * 100 | round / 100 | tostring) else tostring end;
		def cmd(level; title; text):
			"::\(if level == "critical" then "error" else "warning" end) title=\(title | prop)::\(text | msg)";
		((.degradations // [])[] |
			cmd(if .level == "warning" then "warning" else "critical" end;
			    "\(.operation): \(.flag)"; .message // ""))
		, ((.targets.results // [])[] | select(.status == "warning" or .status == "critical") |
			cmd(.status; "\(.operation): \(.metric) target";
			    "\(.metric) \(.value | num) is above its " +
			    (if .status == "critical" then "critical level \(.critical | num)" else "target \(.target | num)" end)))
		, ((.baseline.results // [])[] | select(.status == "regression" or .status == "warning") |
			cmd(if .status == "regression" then "critical" else "warning" end;
			    "\(.operation): \(.metric) \(.status)";
			    "\(.metric) \(.current | num) against \(.baseline | num) in the baseline" +
			    (if (.change_pct | type) == "number" then " (\(if .change_pct > 0 then "+" else "" end)\(.change_pct | num)%)" else "" end)))
		, (select(.command == "compare") | (.operations // [])[] |
			select(.status == "regression" or .status == "warning") |
			cmd(if .status == "regression" then "critical" else "warning" end;
			    "\(.operation): \(.status)";
			    "avg \(.current.avg_ms | num) ms against \(.base.avg_ms | num) ms in the base" +
			    (if (.p_value | type) == "number" then " (p = \(.p_value))" else "" end)))
	' "$json" >"$out/findings" 2>"$out/jq.err" || {
		pr_cmd warning "perf-reporter" "could not read the findings: $(head -n 1 "$out/jq.err")"
		: >"$out/findings"
	}
	cat "$out/findings"
	verdict=$(jq -r '.verdict.level // empty' "$json" 2>/dev/null) || verdict=
	verdict_text=$(jq -r '.verdict.text // empty' "$json" 2>/dev/null) || verdict_text=
	if [ -z "$verdict" ]; then
		# An older perf-reporter without "verdict": no data, any finding, or ok.
		if [ "$(jq -r '.totals.count // 0' "$json" 2>/dev/null)" = 0 ]; then
			verdict=no_data
		elif [ -s "$out/findings" ]; then
			verdict=$(grep -q '^::error' "$out/findings" && echo critical || echo warning)
		else
			verdict=ok
		fi
	fi
else
	pr_cmd notice "perf-reporter" "jq not found: no annotations"
	verdict=$(case $status in 0) echo ok ;; *) echo critical ;; esac)
fi
[ -n "$verdict_text" ] || verdict_text=$verdict
pr_output verdict "$verdict"
pr_output verdict-text "$verdict_text"
pr_output json "$json"
pr_output markdown "$md"
pr_output exit-code "$status"

# The sticky comment: found by its hidden marker and updated, else created.
pr_comment() {
	local event=${GITHUB_EVENT_PATH:-} pr='' head='' base='' id='' err repo
	if [ -z "$event" ] || [ ! -r "$event" ] || ! command -v jq >/dev/null 2>&1; then
		pr_cmd notice "perf-reporter" "no event payload (or no jq): no pull-request comment"
		return 0
	fi
	pr=$(jq -r '.pull_request.number // (if .issue.pull_request then .issue.number else empty end) // empty' "$event" 2>/dev/null) || pr=
	if [ -z "$pr" ]; then
		pr_cmd notice "perf-reporter" "not a pull request (${GITHUB_EVENT_NAME:-unknown event}): no comment"
		return 0
	fi
	head=$(jq -r '.pull_request.head.repo.full_name // empty' "$event" 2>/dev/null) || head=
	base=$(jq -r '.pull_request.base.repo.full_name // empty' "$event" 2>/dev/null) || base=
	if [ "${GITHUB_EVENT_NAME:-}" = pull_request ] && [ -n "$head" ] && [ "$head" != "$base" ]; then
		pr_cmd notice "perf-reporter" "pull request from a fork ($head): its token cannot comment; the report is in the job summary"
		return 0
	fi
	if ! command -v gh >/dev/null 2>&1; then
		pr_cmd notice "perf-reporter" "gh not found: no pull-request comment"
		return 0
	fi
	if [ ! -s "$md" ]; then
		pr_cmd notice "perf-reporter" "no Markdown report: no pull-request comment"
		return 0
	fi
	{ printf '%s\n' "$marker"; cat "$md"; } >"$out/body.md"
	if ! jq -n --rawfile body "$out/body.md" '{body: $body}' >"$out/body.json"; then
		pr_cmd notice "perf-reporter" "could not build the comment"
		return 0
	fi
	repo=${GITHUB_REPOSITORY:-}
	if id=$(gh api --paginate "repos/$repo/issues/$pr/comments?per_page=100" \
	    --jq ".[] | select(.body | startswith($(jq -n --arg m "$marker" '$m'))) | .id" 2>"$out/gh.err"); then
		id=${id%%$'\n'*}
	else
		id=
		pr_cmd notice "perf-reporter" "could not list the pull request's comments: $(head -n 1 "$out/gh.err")"
	fi
	if [ -n "$id" ]; then
		gh api --method PATCH "repos/$repo/issues/comments/$id" --input "$out/body.json" \
		    >/dev/null 2>"$out/gh.err" && return 0
	else
		gh api --method POST "repos/$repo/issues/$pr/comments" --input "$out/body.json" \
		    >/dev/null 2>"$out/gh.err" && return 0
	fi
	err=$(head -n 1 "$out/gh.err")
	case $err in
	*403* | *"Resource not accessible"* | *"must have"*)
		pr_cmd notice "perf-reporter" "the token cannot write to the pull request (read-only, as for forks): no comment; the report is in the job summary" ;;
	*)
		pr_cmd notice "perf-reporter" "the comment was not posted: $err" ;;
	esac
	return 0
}
case ${INPUT_COMMENT:-false} in
true | yes | 1) pr_comment || true ;;
esac

exit "$status"
