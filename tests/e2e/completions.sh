#!/bin/sh
# completions.sh - the shell completions cannot drift from --help: (a) the built files are
# what completions/gen.sh makes from the binary's --help now; (b) each names every long
# option and every command of --help (read here with sed, independently of gen.sh); (c) in
# bash, zsh and fish themselves (each where installed), completing "--" offers every long
# option, completing the first word offers the commands, and an option's values complete.
. "$(dirname "$0")/setup.sh"

dir=$(dirname "$PERF_REPORTER")/completions
gen=$top_srcdir/completions/gen.sh
pr --help >"$tmpdir/help"

# (a) Up to date with the binary.
for f in bash:perf-reporter zsh:_perf-reporter fish:perf-reporter.fish; do
	sh=${f%%:*}
	file=$dir/${f#*:}
	if [ ! -f "$file" ]; then
		fail "built-$sh" "$file is missing (make builds it)"
		continue
	fi
	sh "$gen" "$sh" <"$tmpdir/help" >"$tmpdir/gen.$sh"
	if cmp -s "$tmpdir/gen.$sh" "$file"; then ok "fresh-$sh"; else fail "fresh-$sh" "$file is older than --help (rerun make)"; fi
done

# (b) Every long option and command of --help, as words of each file.
sed -n 's/^  \(-[A-Za-z0-9], \)\{0,1\}--\([a-z0-9][a-z0-9-]*\).*/\2/p; s/^      --\([a-z0-9][a-z0-9-]*\).*/\1/p' \
	"$tmpdir/help" | sort -u >"$tmpdir/options"
sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)\( .*\)\{0,1\}$/\1/p' "$tmpdir/help" >"$tmpdir/commands"
n_opt=$(wc -l <"$tmpdir/options")
n_cmd=$(wc -l <"$tmpdir/commands")
if [ "$n_opt" -ge 25 ] && [ "$n_cmd" -ge 6 ]; then ok help-parsed; else fail help-parsed "only $n_opt options and $n_cmd commands in --help"; fi
for f in "$dir/perf-reporter" "$dir/_perf-reporter" "$dir/perf-reporter.fish"; do
	[ -f "$f" ] || continue
	b=${f##*/}
	while read -r o; do
		case $b in
		*.fish) re="-l $o( |\$)" ;;
		*) re="--$o([^a-z0-9-]|\$)" ;;
		esac
		if grep -Eq -- "$re" "$f"; then ok "$b-names-$o"; else fail "$b-names-$o" "$b lacks --$o"; fi
	done <"$tmpdir/options"
	while read -r c; do
		if grep -Eq -- "(^|[^a-z-])$c([^a-z-]|\$)" "$f"; then ok "$b-command-$c"; else fail "$b-command-$c" "$b lacks $c"; fi
	done <"$tmpdir/commands"
done

# expect NAME FILE WORD...: every WORD is a line of FILE.
expect() {
	name=$1 file=$2
	shift 2
	miss=
	for w in "$@"; do
		grep -Fxq -- "$w" "$file" || miss="$miss $w"
	done
	if [ -z "$miss" ]; then ok "$name"; else fail "$name" "not offered:$miss (got: $(tr '\n' ' ' <"$file"))"; fi
}
# shellcheck disable=SC2046
set -- $(sed 's/^/--/' "$tmpdir/options")

# (c) bash: COMP_WORDS as bash would split the line, then the function's COMPREPLY.
if command -v bash >/dev/null 2>&1; then
	cat >"$tmpdir/b.sh" <<'EOF'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_perf_reporter
printf '%s\n' "${COMPREPLY[@]}"
EOF
	bash "$tmpdir/b.sh" "$dir/perf-reporter" perf-reporter -- >"$tmpdir/c" 2>&1
	expect bash-all-options "$tmpdir/c" "$@"
	bash "$tmpdir/b.sh" "$dir/perf-reporter" perf-reporter "" >"$tmpdir/c" 2>&1
	expect bash-commands "$tmpdir/c" $(cat "$tmpdir/commands")
	bash "$tmpdir/b.sh" "$dir/perf-reporter" perf-reporter --format "" >"$tmpdir/c" 2>&1
	expect bash-format "$tmpdir/c" md csv json
	bash "$tmpdir/b.sh" "$dir/perf-reporter" perf-reporter weekly --color = a >"$tmpdir/c" 2>&1
	expect bash-color-eq "$tmpdir/c" auto always
	(cd "$top_srcdir" && bash "$tmpdir/b.sh" "$dir/perf-reporter" perf-reporter weekly samples/basic.j) >"$tmpdir/c" 2>&1
	expect bash-files "$tmpdir/c" samples/basic.jsonl samples/basic.jsonl.gz
else
	echo "note: bash not found: its completion not run"
fi

# fish: complete -C prints what a TAB would offer.
if command -v fish >/dev/null 2>&1; then
	fish --no-config -c "source '$dir/perf-reporter.fish'; complete -C 'perf-reporter --'" |
		cut -f1 >"$tmpdir/c" 2>&1
	expect fish-all-options "$tmpdir/c" "$@"
	fish --no-config -c "source '$dir/perf-reporter.fish'; complete -C 'perf-reporter '" |
		cut -f1 >"$tmpdir/c" 2>&1
	expect fish-commands "$tmpdir/c" $(cat "$tmpdir/commands")
	fish --no-config -c "source '$dir/perf-reporter.fish'; complete -C 'perf-reporter --bucket '" |
		cut -f1 >"$tmpdir/c" 2>&1
	expect fish-bucket "$tmpdir/c" day week month
else
	echo "note: fish not found: its completion not run"
fi

# zsh: the completion function run with _arguments and _describe standing in, which print
# the specs they are given; zsh -n checks the syntax first.
if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$dir/_perf-reporter" 2>"$tmpdir/zerr"; then ok zsh-syntax; else fail zsh-syntax "$(cat "$tmpdir/zerr")"; fi
	zsh -f -c '
		_arguments() { local s; for s in "$@"; do print -r -- "$s"; done; }
		_describe() { print -rl -- ${(P)4}; }
		_files() { :; }
		words=(perf-reporter ""); CURRENT=2
		source "$1"
		_perf-reporter_operand
	' zsh "$dir/_perf-reporter" >"$tmpdir/z" 2>&1 || fail zsh-run "$(cat "$tmpdir/z")"
	sed -n 's/^(-. \(--[a-z0-9-]*\)).*/\1/p; s/^\(--[a-z0-9-]*\)[=[].*/\1/p' "$tmpdir/z" |
		sort -u >"$tmpdir/c"
	expect zsh-all-options "$tmpdir/c" "$@"
	sed -n 's/^\([a-z][a-z0-9-]*\):.*/\1/p' "$tmpdir/z" >"$tmpdir/c"
	expect zsh-commands "$tmpdir/c" $(cat "$tmpdir/commands")
	grep -q -- '--bucket=.*(day week month)' "$tmpdir/z" && ok zsh-bucket || fail zsh-bucket "no day week month for --bucket"
else
	echo "note: zsh not found: its completion not run"
fi

# Loading as installed: bash-completion's loader finds the file by the command's name under
# XDG_DATA_DIRS/bash-completion/completions; zsh's compinit takes it from #compdef.
mkdir -p "$tmpdir/share/bash-completion/completions" "$tmpdir/zfunc"
cp "$dir/perf-reporter" "$tmpdir/share/bash-completion/completions/"
cp "$dir/_perf-reporter" "$tmpdir/zfunc/"
bc=/usr/share/bash-completion/bash_completion
if command -v bash >/dev/null 2>&1 && [ -r "$bc" ]; then
	XDG_DATA_DIRS=$tmpdir/share bash -c ". '$bc'; _completion_loader perf-reporter; complete -p perf-reporter" \
	    >"$tmpdir/c" 2>&1
	grep -qx 'complete -F _perf_reporter perf-reporter' "$tmpdir/c" && ok bash-loader ||
	    fail bash-loader "bash-completion did not load it: $(cat "$tmpdir/c")"
else
	echo "note: bash-completion not installed: its loader not tried"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -fc "fpath=('$tmpdir/zfunc' \$fpath); autoload -Uz compinit; compinit -u -d '$tmpdir/zcompdump'; print -r -- \${_comps[perf-reporter]}" \
	    >"$tmpdir/c" 2>&1
	grep -qx '_perf-reporter' "$tmpdir/c" && ok zsh-compinit || fail zsh-compinit "compinit: $(cat "$tmpdir/c")"
fi

finish
