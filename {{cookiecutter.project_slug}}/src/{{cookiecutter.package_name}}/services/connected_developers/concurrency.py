"""Runs the look-ups of one step at the same time, so a step costs one upstream round trip."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")


class LookupPool:
    """A few threads for one check; leaving the block waits for every look-up it started."""

    def __init__(self, workers: int) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="connected-developers"
        )

    def submit(self, call: Callable[[], T]) -> Future[T]:
        # A copy of the caller's context keeps the request id on the log lines of each look-up.
        context = contextvars.copy_context()
        return self._executor.submit(context.run, call)

    def __enter__(self) -> LookupPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._executor.shutdown(wait=True)
