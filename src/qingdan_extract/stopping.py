"""SIGTERM and SIGHUP are treated as Ctrl-C is: raised as an exception (``Stopped``, a
KeyboardInterrupt), so that every ``finally`` runs — temporary files are removed, workers
are ended, the summary is printed — and the command exits 128 + the signal's number
(130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).

Without this a SIGTERM (``timeout``, ``kill``, a service manager) ends the process at once
and leaves its ``.part`` files behind.
"""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
HANDLED = (signal.SIGINT, *STOP_SIGNALS)


class Stopped(KeyboardInterrupt):
    """A stop signal other than SIGINT, raised where the program was."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


received: int | None = None  # the first stop signal of this run, if any


def note(signum: int) -> None:
    global received
    if received is None:
        received = signum


def forget() -> None:
    """A new run (in the same process) starts with no stop signal received."""
    global received
    received = None


def raise_stopped(signum: int, frame: FrameType | None) -> None:
    note(signum)
    raise Stopped(signum)


def install() -> None:
    """SIGTERM and SIGHUP raise Stopped; a signal the caller ignores (``nohup``) stays ignored."""
    for signum in STOP_SIGNALS:
        try:
            if signal.getsignal(signum) != signal.SIG_IGN:
                signal.signal(signum, raise_stopped)
        except ValueError:  # not the main thread
            pass


def signal_of(exc: BaseException | None) -> int:
    if isinstance(exc, Stopped):
        return exc.signum
    return received or signal.SIGINT


def exit_status(signum: int) -> int:
    return 128 + signum


def message(signum: int) -> str:
    name = signal.Signals(signum).name
    return "interrupted" if signum == signal.SIGINT else f"interrupted ({name})"
