#!/usr/bin/env python3
"""format-args.py FILE - the options a format file (formats/NAME.json) stands for, one
argument per line (--key=value; a list repeats the option), for the tests of the document
formats to run them before --log-format reads the files itself. "description" and
"order" are not options."""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    for key, val in d.items():
        if key in ("description", "order"):
            continue
        for v in val if isinstance(val, list) else [val]:
            if v is True:
                print("--%s" % key)
            else:
                s = str(v)
                if "\n" in s:
                    sys.exit("format-args.py: a value with a newline: %s" % key)
                print("--%s=%s" % (key, s))


main()
