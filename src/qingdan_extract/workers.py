"""Run tasks in child processes, at most N at a time: one forked process and one pipe per task.

Why not ``concurrent.futures.ProcessPoolExecutor``: a Ctrl-C that lands while the main
thread holds one of the executor's locks leaves that lock held, and its manager thread
then waits for it forever (seen in CI: the whole run hung at exit). A killed worker there
also breaks the whole pool. Here the parent shares no lock with its children: each task
has its own process and its own pipe, so ending a child (Ctrl-C, out of memory, a crash)
loses exactly that task, and the parent learns it as end-of-file on the pipe.

The parent never raises on Ctrl-C inside ``run_each_in_a_process``: it polls ``stop()``
between waits, ends the running children and returns what was not done.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar, cast

from . import stopping

R = TypeVar("R")

POLL_SECONDS = 0.2  # how soon a Ctrl-C is acted on while every child is busy
END_SECONDS = 5  # a child told to stop (SIGTERM) that has not ended after this is killed
BLOCKED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}  # held off until a child has set its handlers
_FORK = multiprocessing.get_context("fork")  # children inherit the loaded code; nothing is pickled in


@dataclass
class _Child:
    task: int
    process: BaseProcess
    pipe: Connection


def run_each_in_a_process(
    tasks: Iterable[int],
    workers: int,
    work: Callable[[int], R],
    on_done: Callable[[int, R | None], None],
    stop: Callable[[], bool],
) -> list[int]:
    """Run ``work(task)`` in a child process for each task, ``workers`` at a time, and call
    ``on_done(task, result)`` in this process as each finishes (``result`` is None when the
    child died before sending one). Returns the tasks not done because ``stop()`` said so;
    their children have been ended."""
    waiting = deque(tasks)
    running: list[_Child] = []
    try:
        while (waiting or running) and not stop():
            while waiting and len(running) < workers:
                running.append(_start(waiting.popleft(), work))
            ready = wait([child.pipe for child in running], timeout=POLL_SECONDS)
            for child in [child for child in running if child.pipe in ready]:
                if stop():  # a child ended by the same signal is not a child that died
                    break
                running.remove(child)
                on_done(child.task, _receive(child))
    finally:
        for child in running:
            child.process.terminate()
        for child in running:
            child.process.join(END_SECONDS)
            if child.process.exitcode is None:
                child.process.kill()
                child.process.join()
            child.pipe.close()
    return sorted([child.task for child in running] + list(waiting))


def _start(task: int, work: Callable[[int], R]) -> _Child:
    reader, writer = _FORK.Pipe(duplex=False)
    for stream in (sys.stdout, sys.stderr):  # a child must not flush a copy of our buffers
        stream.flush()
    # Ctrl-C goes to the whole process group; the child must not take it (or SIGTERM,
    # SIGHUP) before it has set its own handlers, so it is born with them blocked.
    before = signal.pthread_sigmask(signal.SIG_BLOCK, BLOCKED)
    try:
        process = _FORK.Process(target=_child_main, args=(writer, work, task), daemon=True)
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    writer.close()  # the child holds the only write end: its death is end-of-file here
    return _Child(task, process, reader)


def _child_main(pipe: Connection, work: Callable[[int], R], task: int) -> None:
    status = 1
    try:  # from the first line: a stop signal pending since birth is raised at the unblock
        # The parent handles Ctrl-C and hangups and ends us with SIGTERM, which is raised
        # here (stopping.Stopped) so the task's own clean-up runs before the child exits.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, stopping.raise_stopped)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, BLOCKED)
        pipe.send(work(task))
        pipe.close()
        status = 0
    finally:
        os._exit(status)  # no exit handlers or buffer flushes inherited from the parent


def _receive(child: _Child) -> R | None:
    try:
        return cast(R, child.pipe.recv())
    except (EOFError, OSError):  # the child died before sending its result
        return None
    finally:
        child.process.join()
        child.pipe.close()
