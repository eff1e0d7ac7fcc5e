"""Maintenance windows: the shared-state port and the use cases that open and close a window."""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import datetime, timezone

from ..domain.exceptions import DependencyUnavailable
from ..domain.models.maintenance import MaintenanceMode, MaintenanceWindow, WindowOwner


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class MaintenanceStateUnavailable(DependencyUnavailable):
    """The shared maintenance state could not be read or written."""


class MaintenanceStateStore(abc.ABC):
    """Where the one window every instance obeys is kept."""

    @abc.abstractmethod
    def read(self) -> MaintenanceWindow:
        """The current window; a closed one when none was ever opened.

        Raises MaintenanceStateUnavailable when the store does not answer.
        """

    @abc.abstractmethod
    def save(self, window: MaintenanceWindow) -> None:
        """Make window the one every instance sees (within their refresh bound)."""


class MaintenanceService:
    """Opens, closes and reports the window, for the admin route and manage.py."""

    def __init__(
        self, store: MaintenanceStateStore, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._store = store
        self._clock = clock

    def status(self) -> MaintenanceWindow:
        return self._store.read()

    def open(
        self,
        mode: MaintenanceMode,
        reason: str | None = None,
        expected_end: datetime | None = None,
        opened_by: WindowOwner = WindowOwner.OPERATOR,
    ) -> MaintenanceWindow:
        window = MaintenanceWindow.opened(
            mode, now=self._clock(), reason=reason, expected_end=expected_end, opened_by=opened_by
        )
        self._store.save(window)
        return window

    def close(self) -> MaintenanceWindow:
        window = MaintenanceWindow.closed()
        self._store.save(window)
        return window
