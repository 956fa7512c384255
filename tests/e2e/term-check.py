#!/usr/bin/env python3
"""term-check.py - checks terminal output as a person's terminal would show it.

    term-check.py WIDTH FILE [--color]

Fails (status 1, with the line) when FILE is not valid UTF-8; when a line is wider than
WIDTH display cells (measured with Python's unicodedata, independently of the program's
own tables: East Asian Wide/Fullwidth 2, combining marks and format characters 0); when
any control character other than newline, any C1 control, DEL, or a character that
reorders text (bidi marks, U+2028/U+2029) appears; with --color, when an escape sequence
other than SGR colour (ESC [ digits ; m) appears, and without it any ESC at all. It also
checks the tables: under each rule line of '-' groups, every row has its right-aligned
number cells ending at the right edge of their column and its text cells starting at
the left edge."""
import re
import sys
import unicodedata

SGR = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE = set(range(0x00, 0x20)) - {0x0a} | {0x7f} | set(range(0x80, 0xa0)) | {
    0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
    0x2066, 0x2067, 0x2068, 0x2069}


def cells(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if 0x1160 <= ord(ch) <= 0x11ff:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def layout(line):
    """[(cell position, char)] for a line."""
    pos, out = 0, []
    for ch in line:
        out.append((pos, ch))
        pos += cells(ch)
    return out, pos


def char_at(lay, p):
    for q, ch in lay:
        if q == p:
            return ch
        if q > p:
            return None
    return None


def main():
    width = int(sys.argv[1])
    color = "--color" in sys.argv[3:]
    raw = open(sys.argv[2], "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("not UTF-8: %s" % e)
        return 1
    bad = 0
    lines = text.split("\n")
    plain = []
    for n, line in enumerate(lines, 1):
        if color:
            line = SGR.sub("", line)
        for ch in line:
            if ord(ch) in HOSTILE:
                print("line %d: control U+%04X reaches the terminal: %r" % (n, ord(ch), line))
                bad += 1
                break
        _, w = layout(line)
        if w > width:
            print("line %d: %d cells, wider than %d: %r" % (n, w, width, line))
            bad += 1
        plain.append(line)
    bad += check_tables(plain)
    return 1 if bad else 0


def check_tables(lines):
    bad = 0
    rule = re.compile(r"^( *)(-+)((  +-+)*)$")
    for i, line in enumerate(lines):
        if not rule.match(line) or i == 0:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", line)]
        head, _ = layout(lines[i - 1])
        right = []
        for a, z in spans:
            right.append(char_at(head, z - 1) not in (None, " ") and
                         char_at(head, a) in (" ", None))
        for j in range(i + 1, len(lines)):
            row = lines[j]
            if row.strip() == "":
                break
            lay, w = layout(row)
            for (a, z), r in zip(spans, right):
                if r:
                    ch = char_at(lay, z - 1)
                    after = char_at(lay, z)
                    if ch in (None, " ") or after not in (None, " "):
                        print("line %d: number not right-aligned in column %d-%d: %r" %
                              (j + 1, a, z, row))
                        bad += 1
                elif a < w:
                    ch = char_at(lay, a)
                    before = char_at(lay, a - 1) if a > 0 else " "
                    if ch is not None and ch != " " and before not in (" ", None):
                        print("line %d: text not at its column start %d: %r" % (j + 1, a, row))
                        bad += 1
    return bad


sys.exit(main())
