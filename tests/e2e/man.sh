#!/bin/sh
# man.sh - the man page stays true to the binary: (a) it lints clean with groff, (b) it names
# every long option of the getopt table in src/cli.c, (c) every command in its EXAMPLES
# section runs on samples/ with status 0 or 1 (or the status a '.\" man.sh: status N'
# comment before its .EX block states), (d) --help names every long option too, and (e) the
# NAME line, --help and debian/control name every format of src/cli.c's table, and --help
# and debian/control every command of src/cmd.c's.
. "$(dirname "$0")/setup.sh"

page=$top_srcdir/man/perf-reporter.1
cli=$top_srcdir/src/cli.c

# (a) Lint: no warning from groff (-ww: all warnings) for the PostScript, UTF-8 and ASCII
# devices; the page uses tbl, hence -t. ASCII catches glyphs a C-locale terminal lacks.
if command -v groff >/dev/null 2>&1; then
	for dev in ps utf8 ascii; do
		groff -t -man -ww -z -T"$dev" "$page" >"$tmpdir/lint" 2>&1 || true
		if [ -s "$tmpdir/lint" ]; then
			fail "lint-$dev" "$(cat "$tmpdir/lint")"
		else
			ok "lint-$dev"
		fi
	done
else
	echo "note: groff not found: lint skipped (Debian: apt-get install groff-base)"
fi

# (b) + (d) The long options, from the table "struct option NAME[] = { ... };" in cli.c.
sed -n '/struct option [A-Za-z_]*\[\][[:space:]]*=/,/^};/s/^[[:space:]]*{[[:space:]]*"\([^"]*\)".*/\1/p' \
	"$cli" >"$tmpdir/options"
n_options=$(wc -l <"$tmpdir/options")
if [ "$n_options" -lt 20 ]; then
	fail option-table "found only $n_options long options in $cli: has the table moved?"
else
	ok option-table
fi
pr --help >"$tmpdir/help"
while read -r name; do
	# In the page: "\-\-name" with each hyphen inside the name written "\-" or "-",
	# and not followed by more of a name ("\-\-op" must not count for "\-\-opx").
	re='\\-\\-'$(printf '%s\n' "$name" | sed 's/-/(\\\\-|-)/g')'([^A-Za-z0-9\\-]|\\[^-]|$)'
	if grep -Eq -- "$re" "$page"; then
		ok "man-names-$name"
	else
		fail "man-names-$name" "man/perf-reporter.1 does not describe \\-\\-$name"
	fi
	if grep -Eq -- "--$name([^A-Za-z0-9-]|\$)" "$tmpdir/help"; then
		ok "help-names-$name"
	else
		fail "help-names-$name" "--help does not mention --$name"
	fi
done <"$tmpdir/options"

# (c) EXAMPLES: every line of a .EX/.EE block in that section that starts with
# "perf-reporter " once the roff escapes are undone is run, in order. A trailing "| ..."
# pipeline and a "> FILE" redirection are dropped (the examples put no '|' or '>' inside
# quotes). The commands run in a scratch directory whose samples/ is the source tree's, so
# that relative paths resolve as from the top of the tree while files written with -o or
# --series land in the scratch directory (the source tree may be read-only, as under make
# distcheck). A .EX/.EE block anywhere in the page preceded by the comment line
# '.\" man.sh: file NAME' is written there first as the file NAME (the targets file), so
# the examples can use it and a broken file format in the page shows up as a failure.
unroff() {
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' -e 's/\\e/\\/g'
}
# Each line of $tmpdir/examples: the status the page states ("-": 0 or 1), a tab, the command.
tab=$(printf '\t')
sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$page" |
	awk '/^\.\\" man\.sh: status / { want = $4; next }
	    /^\.EX/ { inside = 1; next }
	    /^\.EE/ { inside = 0; want = ""; next }
	    inside { print (want == "" ? "-" : want) "\t" $0 }' | unroff |
	grep "^[-0-9]*$tab""perf-reporter " >"$tmpdir/examples" || true
n_examples=$(wc -l <"$tmpdir/examples")
if [ "$n_examples" -lt 5 ]; then
	fail examples-found "found only $n_examples EXAMPLES commands in the man page"
else
	ok examples-found
fi
mkdir "$tmpdir/work"
ln -s "$top_srcdir/samples" "$tmpdir/work/samples"
awk -v dir="$tmpdir/work" '
	/^\.\\" man\.sh: file / { name = $4; next }
	name != "" && /^\.EX/ { inside = 1; next }
	inside && /^\.EE/ { close(dir "/" name); inside = 0; name = ""; next }
	inside { print > (dir "/" name) }
' "$page"
for f in "$tmpdir"/work/*; do
	[ "$f" = "$tmpdir/work/samples" ] && continue
	unroff <"$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
i=0
while IFS="$tab" read -r want line; do
	i=$((i + 1))
	cmd=${line%%|*}
	cmd=${cmd%%>*}
	eval "set -- ${cmd#perf-reporter }"
	st=0
	(cd "$tmpdir/work" && pr "$@") </dev/null >"$tmpdir/ex.out" 2>"$tmpdir/ex.err" || st=$?
	if [ "$want" != - ] && [ "$st" != "$want" ]; then
		fail "example-$i" "status $st where the page says $want: $cmd: $(cat "$tmpdir/ex.err")"
		continue
	fi
	case $st in
	0 | 1)
		case $cmd in
		*" -o "* | *" --output"*) ok "example-$i" ;; # the output went to a file
		*) if [ -s "$tmpdir/ex.out" ]; then ok "example-$i"; else fail "example-$i" "no output: $cmd"; fi ;;
		esac
		;;
	*)
		fail "example-$i" "status $st: $cmd: $(cat "$tmpdir/ex.err")"
		;;
	esac
done <"$tmpdir/examples"

# (e) Every format and command named where a reader looks first. The display name of a
# --format value; a format added to cli.c without one here fails, so that it is added.
display() {
	case $1 in
	md) echo Markdown ;; term) echo terminal ;; html) echo HTML ;; csv) echo CSV ;;
	json) echo JSON ;; jsonl) echo "JSON Lines" ;; xlsx) echo XLSX ;; *) echo "?$1?" ;;
	esac
}
sed -n '/cli_formats\[\][[:space:]]*=/,/^};/s/^[[:space:]]*\[FMT_[A-Z]*\][[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
    "$cli" >"$tmpdir/formats"
sed -n 's/^[[:space:]]*\.name = "\([^"]*\)".*/\1/p' "$top_srcdir/src/cmd.c" >"$tmpdir/commands"
if [ "$(wc -l <"$tmpdir/formats")" -lt 5 ] || [ "$(wc -l <"$tmpdir/commands")" -lt 5 ]; then
	fail format-table "found $(wc -l <"$tmpdir/formats") formats in $cli and $(wc -l <"$tmpdir/commands") commands in src/cmd.c: has a table moved?"
fi
name_line=$(sed -n '/^\.SH NAME/{n;p;}' "$page" | unroff)
control=$top_srcdir/debian/control
sed -n '/^Description:/,/^$/p' "$control" | tr '\n' ' ' >"$tmpdir/description"
sed -n '/^  -f, --format/,/^  -o, --output/p' "$tmpdir/help" >"$tmpdir/help-format"
sed -n '/^Commands:/,/^$/p' "$tmpdir/help" >"$tmpdir/help-commands"
while read -r f; do
	d=$(display "$f")
	case $name_line in *"$d"*) ok "name-line-$f" ;; *) fail "name-line-$f" "the NAME line does not name $d: $name_line" ;; esac
	if grep -q "$d" "$tmpdir/description"; then ok "control-$f"; else fail "control-$f" "debian/control's Description does not name $d"; fi
	if grep -Eq "[ :,]$f([ ,;)]|\$)" "$tmpdir/help-format"; then ok "help-format-$f"; else fail "help-format-$f" "--help's --format does not name $f"; fi
done <"$tmpdir/formats"
while read -r c; do
	if grep -q "^  $c\b" "$tmpdir/help-commands"; then ok "help-command-$c"; else fail "help-command-$c" "--help's Commands does not list $c"; fi
	if grep -q "\b$c\b" "$tmpdir/description"; then ok "control-command-$c"; else fail "control-command-$c" "debian/control's Description does not name $c"; fi
done <"$tmpdir/commands"

finish
