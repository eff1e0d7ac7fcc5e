"""The maintenance window: its mode, who opened it, and which requests it lets through."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import datetime

from ..exceptions import RuleViolation

MAX_REASON_LENGTH = 500


class InvalidMaintenanceWindow(RuleViolation):
    """The window cannot be opened as described."""


class MaintenanceMode(enum.Enum):
    """Off serves everything; read-only refuses writes; full refuses every request."""

    OFF = "off"
    READ_ONLY = "read-only"
    FULL = "full"

    @classmethod
    def parse(cls, text: str) -> MaintenanceMode:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InvalidMaintenanceWindow(
                f"Unknown maintenance mode {text!r}: use off, read-only or full."
            ) from None

    def admits(self, write: bool) -> bool:
        if self is MaintenanceMode.OFF:
            return True
        if self is MaintenanceMode.READ_ONLY:
            return not write
        return False

    def strictest(self, other: MaintenanceMode) -> MaintenanceMode:
        order = (MaintenanceMode.OFF, MaintenanceMode.READ_ONLY, MaintenanceMode.FULL)
        return max(self, other, key=order.index)


class WindowOwner(enum.Enum):
    """Who opened the window: a migrator closes only the windows it opened itself."""

    OPERATOR = "operator"
    MIGRATION = "migration"


@dataclass(frozen=True)
class MaintenanceWindow:
    """The state every instance shares; the default is a closed window."""

    mode: MaintenanceMode = MaintenanceMode.OFF
    reason: str | None = None
    expected_end: datetime | None = None
    opened_at: datetime | None = None
    opened_by: WindowOwner | None = None

    @classmethod
    def opened(
        cls,
        mode: MaintenanceMode,
        *,
        now: datetime,
        reason: str | None = None,
        expected_end: datetime | None = None,
        opened_by: WindowOwner = WindowOwner.OPERATOR,
    ) -> MaintenanceWindow:
        if mode is MaintenanceMode.OFF:
            raise InvalidMaintenanceWindow(
                "A window opens in read-only or full mode; close it to turn maintenance off."
            )
        reason = (reason or "").strip() or None
        if reason is not None and len(reason) > MAX_REASON_LENGTH:
            raise InvalidMaintenanceWindow(
                f"The reason has {len(reason)} characters; at most {MAX_REASON_LENGTH} are kept."
            )
        if expected_end is not None:
            if expected_end.tzinfo is None:
                raise InvalidMaintenanceWindow("The expected end needs a time zone (e.g. ...Z).")
            if expected_end <= now:
                raise InvalidMaintenanceWindow("The expected end is in the past.")
        return cls(mode, reason, expected_end, now, opened_by)

    @classmethod
    def closed(cls) -> MaintenanceWindow:
        return cls()

    @property
    def is_open(self) -> bool:
        return self.mode is not MaintenanceMode.OFF

    def admits(self, write: bool) -> bool:
        return self.mode.admits(write)

    def is_same_opening(self, other: MaintenanceWindow) -> bool:
        """True when other is this very opening, unchanged in mode (an operator did not step in)."""
        return (self.mode, self.opened_by, self.opened_at) == (
            other.mode,
            other.opened_by,
            other.opened_at,
        )

    def retry_after(self, now: datetime, default_seconds: int) -> int:
        """Seconds a refused client should wait: until the expected end while it lies ahead."""
        if self.expected_end is None or self.expected_end <= now:
            return default_seconds
        return max(1, math.ceil((self.expected_end - now).total_seconds()))
