"""Fakes of the maintenance ports, and the fixed instant of their windows, for unit tests."""

from __future__ import annotations

from datetime import datetime, timezone

from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode, MaintenanceWindow
from {{ cookiecutter.package_name }}.services.maintenance import (
    MaintenanceStateStore,
    MaintenanceStateUnavailable,
)
from {{ cookiecutter.package_name }}.services.maintenance_gate import (
    FenceUnavailable,
    InstanceFence,
    MaintenanceGate,
)

# When the windows of these tests open, and what their clocks read.
NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


class FakeStore(MaintenanceStateStore):
    def __init__(self, window: MaintenanceWindow | None = None) -> None:
        self.window = window or MaintenanceWindow()
        self.reads = 0
        self.unavailable = False

    def read(self) -> MaintenanceWindow:
        self.reads += 1
        if self.unavailable:
            raise MaintenanceStateUnavailable("the database did not answer")
        return self.window

    def save(self, window: MaintenanceWindow) -> None:
        self.window = window

    def open(self, mode: MaintenanceMode) -> None:
        self.window = MaintenanceWindow(mode=mode)


class FakeFence(InstanceFence):
    """Held or not, like the shared advisory lock; a migrator can hold it exclusively."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.held = False
        self.migrator_holds = False
        self.unavailable = False
        self.lost = False
        self.acquisitions = 0
        self.opens_on_acquire: MaintenanceMode | None = None

    def acquire(self) -> bool:
        self.acquisitions += 1
        if self.opens_on_acquire is not None:
            self.store.open(self.opens_on_acquire)
        if self.unavailable:
            raise FenceUnavailable("cannot connect")
        if self.migrator_holds:
            return False
        self.held = True
        self.lost = False
        return True

    def read_window(self) -> MaintenanceWindow:
        if self.lost:
            self.held = False
            raise FenceUnavailable("the connection is gone")
        return self.store.window

    def release(self) -> None:
        self.held = False


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def gate_with_fakes(
    refresh_seconds: float = 1.0,
) -> tuple[MaintenanceGate, FakeStore, FakeFence, FakeClock]:
    """A gate whose watcher never runs by itself: tests call sync() where the thread would."""
    store = FakeStore()
    fence = FakeFence(store)
    clock = FakeClock()
    gate = MaintenanceGate(
        store, fence, refresh_seconds, clock=clock, start_watcher=lambda target: None
    )
    return gate, store, fence, clock
