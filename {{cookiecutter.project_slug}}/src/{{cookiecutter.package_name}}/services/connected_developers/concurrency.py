"""A fixed number of threads per process that run upstream look-ups for every check."""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class LookupPool:
    """At most `threads` look-ups at once in this process, on threads kept between checks."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None
        self._owner_pid = 0
        self._creating = threading.Lock()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        # A copy of the caller's context keeps the request id on the log lines of each look-up.
        context = contextvars.copy_context()
        return self._executor_of_this_process().submit(context.run, call)

    def start(self) -> None:
        """Make the threads now, so that no check waits for one to start."""
        go = threading.Event()
        # While every thread is busy, each submission makes one more, up to the limit.
        for _ in range(self.threads):
            self.submit(go.wait)
        go.set()

    def shutdown(self) -> None:
        """Wait for the look-ups under way, then let the threads go."""
        if self._executor is not None and self._owner_pid == os.getpid():
            self._executor.shutdown(wait=True)
        self._executor = None

    def _executor_of_this_process(self) -> ThreadPoolExecutor:
        # Made on first use, and again in a forked process: a fork copies the executor but not
        # its threads. (Servers fork their workers before any check runs.)
        executor = self._executor
        if executor is None or self._owner_pid != os.getpid():
            with self._creating:
                executor = self._executor
                if executor is None or self._owner_pid != os.getpid():
                    executor = ThreadPoolExecutor(
                        max_workers=self.threads, thread_name_prefix="connected-developers"
                    )
                    self._executor, self._owner_pid = executor, os.getpid()
        return executor
