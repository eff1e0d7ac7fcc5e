"""The Unit of Work port: one atomic change, committed only when a use case says so."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import TypeVar

UnitOfWorkT = TypeVar("UnitOfWorkT", bound="UnitOfWork")


class UnitOfWork(abc.ABC):
    """A transaction boundary. Leaving the block without commit() rolls everything back."""

    def __enter__(self: UnitOfWorkT) -> UnitOfWorkT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every change made inside the block permanent."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Discard every change not yet committed."""
