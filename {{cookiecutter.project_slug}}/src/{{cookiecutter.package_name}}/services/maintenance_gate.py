"""Admission during maintenance windows: which requests a process lets in, and when it lets go.

Each serving process keeps a shared hold (the fence) in the database while it lets requests in.
When it sees a window it stops letting them in, waits for its in-flight ones to finish, then lets
go. A migrator takes the same hold exclusively, so it gets it only once every process has drained;
a process that dies lets go with its connection. Requests check a cached window and a counter; the
window is read again at most once per refresh bound, by a watcher thread while the fence is held,
otherwise by the request that finds it stale. The fence's connection is a session of its own,
outside the process's pool, held for as long as the process serves.
"""

from __future__ import annotations

import abc
import atexit
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.models.maintenance import MaintenanceMode, MaintenanceWindow
from .maintenance import MaintenanceStateStore, MaintenanceStateUnavailable

logger = logging.getLogger(__name__)

MAINTENANCE_MESSAGE = "Service is currently enduring maintenance"
UNCONFIRMED_MESSAGE = (
    "Service is temporarily unavailable: it cannot confirm with its database "
    "that no migration is running"
)
# The watcher never polls faster than this, whatever the refresh bound.
MIN_WATCH_INTERVAL = 0.05


class FenceUnavailable(Exception):
    """The database did not answer, or the connection that carried the hold is gone."""


class InstanceFence(abc.ABC):
    """A shared hold a serving process keeps in the database while it lets requests in."""

    # False for an embedded database that one process uses: nobody waits on the hold.
    shared: bool = True

    @abc.abstractmethod
    def acquire(self) -> bool:
        """Take the hold; False while a migrator holds it. Raises FenceUnavailable."""

    @abc.abstractmethod
    def read_window(self) -> MaintenanceWindow:
        """The shared window, read over the hold's own connection (proving the hold is alive).

        Raises FenceUnavailable when that connection is gone (and the hold with it).
        """

    @abc.abstractmethod
    def release(self) -> None:
        """Let go of the hold; never raises."""


@dataclass(frozen=True)
class Refusal:
    """Why a request is not let in, and the window to tell the client about."""

    message: str
    window: MaintenanceWindow


class _NeedsFence:
    """The window is closed but this process does not hold the fence yet."""


_NEEDS_FENCE = _NeedsFence()


def _start_daemon_thread(target: Callable[[], None]) -> None:
    threading.Thread(target=target, name="maintenance-watcher", daemon=True).start()


class MaintenanceGate:
    """Lets requests in or refuses them, counting the ones in flight; one per process."""

    def __init__(
        self,
        store: MaintenanceStateStore,
        fence: InstanceFence,
        refresh_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        start_watcher: Callable[[Callable[[], None]], None] = _start_daemon_thread,
    ) -> None:
        self._store = store
        self._fence = fence
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._start_watcher = start_watcher
        # _lock guards the fields below; _fence_io orders the fence's I/O (taken before _lock).
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._fence_io = threading.Lock()
        self._refresh_io = threading.Lock()
        self._window = MaintenanceWindow.closed()
        self._read_at = -math.inf
        self._fenced = False
        self._reads = 0
        self._writes = 0
        self._fence_retry_at = -math.inf
        self._fence_refusal: Refusal | None = None
        self._closing = False
        self._exit_hook = False

    def admit(self, write: bool) -> Refusal | None:
        """None lets the request in (call finish() when it is done); a Refusal says why not."""
        if self._clock() - self._read_at > self._refresh_seconds:
            self._refresh()
        verdict = self._enter(write)
        if not isinstance(verdict, _NeedsFence):
            return verdict
        refusal = self._take_fence()
        if refusal is not None:
            return refusal
        verdict = self._enter(write)
        if isinstance(verdict, _NeedsFence):  # let go again at once: a window opened meanwhile
            return Refusal(MAINTENANCE_MESSAGE, self._window)
        return verdict

    def finish(self, write: bool) -> None:
        with self._lock:
            if write:
                self._writes -= 1
            else:
                self._reads -= 1
            if self._fenced and self._window.is_open and self._drained():
                self._wake.notify()

    def sync(self) -> bool:
        """Re-read the window over the fence and let go once drained; False once let go.

        The watcher thread calls it every half refresh bound while the process holds the fence.
        """
        with self._fence_io:
            if not self._fenced:
                return False
            if self._closing:
                self._let_go()
                return False
            try:
                window = self._fence.read_window()
            except FenceUnavailable:
                logger.warning("the maintenance fence's connection is gone; taking a new one")
                self._let_go()
                return False
            with self._lock:
                self._window = window
                self._read_at = self._clock()
                let_go = window.is_open and self._drained()
            if let_go:
                self._let_go()
            return not let_go

    def close(self) -> None:
        """Let go of the fence for good (at exit, or when the application is discarded)."""
        with self._fence_io:
            with self._lock:
                self._closing = True
                self._wake.notify_all()
            self._let_go()

    def _enter(self, write: bool) -> Refusal | _NeedsFence | None:
        with self._lock:
            window = self._window
            if window.is_open:
                if not window.admits(write):
                    return Refusal(MAINTENANCE_MESSAGE, window)
            elif not self._fenced:
                return _NEEDS_FENCE
            if write:
                self._writes += 1
            else:
                self._reads += 1
            return None

    def _drained(self) -> bool:
        """Nothing the open window refuses is still in flight (call with _lock held)."""
        if self._window.mode is MaintenanceMode.FULL:
            return self._reads == 0 and self._writes == 0
        return self._writes == 0

    def _refresh(self) -> None:
        with self._refresh_io:
            if self._clock() - self._read_at <= self._refresh_seconds:
                return  # another thread has just read it
            try:
                window: MaintenanceWindow | None = self._store.read()
            except MaintenanceStateUnavailable:
                logger.warning("cannot read the maintenance window; keeping the last one read")
                window = None
            with self._lock:
                if window is not None:
                    self._window = window
                self._read_at = self._clock()
                if self._fenced and self._window.is_open and self._drained():
                    self._wake.notify()

    def _take_fence(self) -> Refusal | None:
        with self._fence_io:
            if self._fenced:
                return None  # another thread took it meanwhile
            now = self._clock()
            if self._closing:
                return Refusal(MAINTENANCE_MESSAGE, MaintenanceWindow(MaintenanceMode.FULL))
            if self._fence_refusal is not None and now < self._fence_retry_at:
                return self._fence_refusal
            try:
                held = self._fence.acquire()
                window = self._fence.read_window() if held else None
            except FenceUnavailable:
                logger.warning("cannot take the maintenance fence", exc_info=True)
                return self._refuse_until_retry(now, UNCONFIRMED_MESSAGE)
            if window is None:  # a migrator holds it exclusively: a migration is running
                return self._refuse_until_retry(now, MAINTENANCE_MESSAGE)
            if window.is_open:
                self._fence.release()  # nothing to hold while the window refuses requests
            with self._lock:
                self._window = window
                self._read_at = now
                self._fenced = not window.is_open
                self._fence_refusal = None
            if self._fenced and self._fence.shared:
                self._watch_in_background()
            return None

    def _refuse_until_retry(self, now: float, message: str) -> Refusal:
        # Refused requests do not ask the database again before the refresh bound has passed.
        self._fence_retry_at = now + max(self._refresh_seconds, MIN_WATCH_INTERVAL)
        self._fence_refusal = Refusal(message, MaintenanceWindow(MaintenanceMode.FULL))
        return self._fence_refusal

    def _let_go(self) -> None:
        """Release the fence (call with _fence_io held)."""
        with self._lock:
            held = self._fenced
            self._fenced = False
        if held:
            self._fence.release()

    def _watch_in_background(self) -> None:
        if not self._exit_hook:
            atexit.register(self.close)
            self._exit_hook = True
        self._start_watcher(self._watch)

    def _watch(self) -> None:
        interval = max(self._refresh_seconds / 2, MIN_WATCH_INTERVAL)
        while True:
            with self._lock:
                self._wake.wait(interval)
            if not self.sync():
                return
