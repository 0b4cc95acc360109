"""The command's entry point. Loading the program takes a few tenths of a second; a Ctrl-C
in that time ends it quietly (exit 130) instead of with a traceback from inside an import."""

from __future__ import annotations

import os
import signal
import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    previous = signal.signal(signal.SIGINT, _quit_while_loading)
    from .single import quick_args, run_quick

    options = quick_args(sys.argv[1:])
    if options is not None:  # one file, plain options: no typer, no rich (single.py)
        signal.signal(signal.SIGINT, previous)
        try:
            code = run_quick(options)
        except KeyboardInterrupt:
            print("qingdan-extract: interrupted", file=sys.stderr, flush=True)
            code = EXIT_INTERRUPTED
        sys.exit(code)
    from .cli import main as run  # the heavy imports

    signal.signal(signal.SIGINT, previous)
    run()


def _quit_while_loading(signum: int, frame: object) -> None:
    print("qingdan-extract: interrupted", file=sys.stderr, flush=True)
    os._exit(EXIT_INTERRUPTED)  # nothing has been written yet
