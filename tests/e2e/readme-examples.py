#!/usr/bin/env python3
"""readme-examples.py README.md WORKDIR - run every ```console block of the README and
compare what it prints with what the README shows (as jq tests its manual). Used by
tests/e2e/readme.sh.

In a block, a line "$ COMMAND" (continued by lines while it ends in a backslash) is run
with sh -c in WORKDIR, one shell per block so that files written by one command are there
for the next; the lines up to the next "$ " or the end of the block are what it prints,
standard output and standard error as a terminal shows them (perf-reporter's messages
come before its buffered output). A line "..." stands for any number of lines (output the
README leaves out). Every command must end with status 0 or 1 (a README example shows a
failure only through "; echo exit status $?"). A block that starts with "$ cat NAME" where
WORKDIR has no NAME defines that file: what it shows is written there first (the README's
targets file). The environment is the test's (UTC, C locale, the fixed SOURCE_DATE_EPOCH
of setup.sh) with perf-reporter first on PATH. Prints a unified diff per differing
command; exit status 1 when any differs, 2 when the README has fewer than 8 blocks (the
parser lost them)."""
import difflib
import os
import re
import subprocess
import sys


def blocks(text):
    """[(line number, [command, expected output lines])...] per console block."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i] != "```console":
            i += 1
            continue
        start = i + 1
        i += 1
        body = []
        while i < len(lines) and lines[i] != "```":
            body.append(lines[i])
            i += 1
        steps = []
        j = 0
        while j < len(body):
            if not body[j].startswith("$ "):
                raise SystemExit("README.md:%d: a console block must start with '$ '" % (start + j + 1))
            cmd = body[j][2:]
            line = start + j + 1
            while cmd.endswith("\\") and j + 1 < len(body):
                j += 1
                cmd = cmd + "\n" + body[j]
            j += 1
            expect = []
            while j < len(body) and not body[j].startswith("$ "):
                expect.append(body[j])
                j += 1
            steps.append((line, cmd, expect))
        out.append(steps)
        i += 1
    return out


def matches(expect, have):
    """have matches expect, where a line "..." in expect stands for any lines."""
    if not expect:
        return not have
    if expect[0] == "...":
        return any(matches(expect[1:], have[i:]) for i in range(len(have) + 1))
    return bool(have) and have[0] == expect[0] and matches(expect[1:], have[1:])


def main():
    readme, work = sys.argv[1], sys.argv[2]
    found = blocks(open(readme, encoding="utf-8").read())
    if len(found) < 8:
        print("found only %d console blocks in %s" % (len(found), readme))
        return 2
    bad = 0
    for steps in found:
        first = re.fullmatch(r"cat ([\w.-]+)", steps[0][1])
        if first and not os.path.exists(os.path.join(work, first.group(1))):
            with open(os.path.join(work, first.group(1)), "w", encoding="utf-8") as f:
                f.write("".join(x + "\n" for x in steps[0][2]))
        # One shell per block: each command's output and status between marker lines.
        script = []
        for k, (_, cmd, _) in enumerate(steps):
            script.append("printf '@@readme-step %d@@\\n'" % k)
            script.append(cmd)
            script.append("printf '\\n@@readme-status %s@@\\n' \"$?\"")
        res = subprocess.run(["sh", "-c", "\n".join(script)], cwd=work,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        text = res.stdout.decode("utf-8", "replace")
        got = {}
        for m in re.finditer(r"@@readme-step (\d+)@@\n(.*?)\n?@@readme-status (\d+)@@\n", text, re.S):
            got[int(m.group(1))] = (m.group(2), int(m.group(3)))
        for k, (line, cmd, expect) in enumerate(steps):
            out, status = got.get(k, ("", -1))
            have = out[:-1].split("\n") if out.endswith("\n") else (out.split("\n") if out else [])
            if status not in (0, 1):
                bad += 1
                print("README.md:%d: $ %s\nexit status %d:\n%s" % (line, cmd, status, out[:1000]))
            elif not matches(expect, have):
                bad += 1
                print("README.md:%d: $ %s" % (line, cmd))
                sys.stdout.writelines(difflib.unified_diff(
                    [x + "\n" for x in expect], [x + "\n" for x in have], "README", "printed"))
    return 1 if bad else 0


sys.exit(main())
