"""The command's entry point. Loading the program takes a few tenths of a second; a Ctrl-C
(or SIGTERM, SIGHUP) in that time ends it quietly (exit 128 + the signal) instead of with a
traceback from inside an import. Once loaded, those signals are raised as exceptions
(stopping.py), so every run cleans up after itself."""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130
LOADING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def main() -> None:
    previous = {}
    for signum in LOADING_SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _quit_while_loading)
    from . import stopping
    from .single import quick_args, run_quick

    options = quick_args(sys.argv[1:])
    if options is not None:  # one file, plain options: no typer, no rich (single.py)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        stopping.install()
        try:
            code = run_quick(options)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: the output was not written
            stopped_by = stopping.signal_of(exc)
            print(f"qingdan-extract: {stopping.message(stopped_by)}", file=sys.stderr, flush=True)
            code = stopping.exit_status(stopped_by)
        sys.exit(code)
    from .cli import main as run  # the heavy imports

    for signum, handler in previous.items():
        signal.signal(signum, handler)
    stopping.install()
    run()


def _quit_while_loading(signum: int, frame: object) -> None:
    detail = "" if signum == signal.SIGINT else f" ({signal.Signals(signum).name})"
    print(f"qingdan-extract: interrupted{detail}", file=sys.stderr, flush=True)
    os._exit(128 + signum)  # nothing has been written yet
