#!/usr/bin/env python3
"""pty-run.py - run a command with its standard output (and standard error, unless
--stderr FILE) on a pseudo-terminal of COLSxROWS, the way a person's terminal runs it.

Usage: pty-run.py [--size 80x50] [--stderr FILE] [--keys TEXT] -- COMMAND [ARG...]

Writes everything the command showed on the terminal to standard output (raw bytes,
escape sequences included) and exits with the command's own exit status (128+N when a
signal N ended it). --keys types TEXT on the terminal once the command has been quiet for
a moment (a pager waiting for a key); repeated, each TEXT waits for its own quiet moment.
Exits 3 when the command is still running after 30
seconds (it is killed)."""
import os
import pty
import select
import signal
import struct
import sys
import termios
import fcntl
import time


def main():
    args = sys.argv[1:]
    cols, rows, errfile, keys = 80, 50, None, []
    while args and args[0] != "--":
        if args[0] == "--size":
            cols, rows = (int(x) for x in args[1].split("x"))
        elif args[0] == "--stderr":
            errfile = args[1]
        elif args[0] == "--keys":
            keys.append(args[1].encode())
        else:
            sys.exit("pty-run.py: unknown option " + args[0])
        args = args[2:]
    cmd = args[1:]
    if not cmd:
        sys.exit("pty-run.py: no command")
    pid, fd = pty.fork()
    if pid == 0:
        if errfile is not None:
            efd = os.open(errfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(efd, 2)
        try:
            os.execvp(cmd[0], cmd)
        except OSError as e:
            os.write(2, ("pty-run.py: %s: %s\n" % (cmd[0], e)).encode())
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out = bytearray()
    deadline = time.monotonic() + 30
    while True:
        r, _, _ = select.select([fd], [], [], 0.3)
        if not r:
            if keys:
                os.write(fd, keys.pop(0))
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                sys.stdout.buffer.write(out)
                sys.exit(3)
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every holder of the terminal has closed it
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
