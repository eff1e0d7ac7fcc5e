"""The gate: each process lets requests in or refuses them, and lets go only once drained."""

import unittest

from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode
from {{ cookiecutter.package_name }}.services import maintenance_gate
from {{ cookiecutter.package_name }}.services.maintenance_gate import (
    MAINTENANCE_MESSAGE,
    UNCONFIRMED_MESSAGE,
)

from .maintenance_fakes import gate_with_fakes

GATE_LOGGER = maintenance_gate.__name__


class AdmissionTest(unittest.TestCase):
    def test_with_no_window_requests_are_let_in_once_the_fence_is_held(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        self.assertIsNone(gate.admit(write=True))
        self.assertTrue(fence.held)

    def test_a_full_window_refuses_reads_and_writes(self) -> None:
        gate, store, _, _ = gate_with_fakes()
        store.open(MaintenanceMode.FULL)
        for write in (False, True):
            refusal = gate.admit(write=write)
            assert refusal is not None
            self.assertEqual(refusal.message, MAINTENANCE_MESSAGE)
            self.assertIs(refusal.window.mode, MaintenanceMode.FULL)

    def test_a_read_only_window_lets_reads_in_and_refuses_writes(self) -> None:
        gate, store, _, _ = gate_with_fakes()
        store.open(MaintenanceMode.READ_ONLY)
        self.assertIsNone(gate.admit(write=False))
        self.assertIsNotNone(gate.admit(write=True))

    def test_the_window_is_read_again_only_once_the_refresh_bound_has_passed(self) -> None:
        gate, store, _, clock = gate_with_fakes(refresh_seconds=1.0)
        self.assertIsNone(gate.admit(write=True))
        gate.finish(write=True)
        reads = store.reads
        store.open(MaintenanceMode.FULL)
        clock.advance(0.5)
        self.assertIsNone(gate.admit(write=True), "within the bound the cached window is used")
        gate.finish(write=True)
        self.assertEqual(store.reads, reads)
        clock.advance(0.6)
        self.assertIsNotNone(gate.admit(write=True), "past the bound the new window is seen")

    def test_requests_are_refused_while_a_migrator_holds_the_fence(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        fence.migrator_holds = True
        refusal = gate.admit(write=False)
        assert refusal is not None
        self.assertEqual(refusal.message, MAINTENANCE_MESSAGE)

    def test_the_fence_is_not_asked_again_before_the_refresh_bound(self) -> None:
        gate, _, fence, clock = gate_with_fakes(refresh_seconds=1.0)
        fence.migrator_holds = True
        gate.admit(write=True)
        gate.admit(write=True)
        self.assertEqual(fence.acquisitions, 1)
        fence.migrator_holds = False
        clock.advance(1.1)
        self.assertIsNone(gate.admit(write=True))

    def test_requests_are_refused_when_no_migration_can_be_ruled_out(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        fence.unavailable = True
        with self.assertLogs(GATE_LOGGER, level="WARNING"):
            refusal = gate.admit(write=False)
        assert refusal is not None
        self.assertEqual(refusal.message, UNCONFIRMED_MESSAGE)

    def test_an_unreadable_store_keeps_the_last_window_read(self) -> None:
        gate, store, _, clock = gate_with_fakes(refresh_seconds=1.0)
        self.assertIsNone(gate.admit(write=True))
        gate.finish(write=True)
        store.unavailable = True
        clock.advance(5)
        reads = store.reads
        with self.assertLogs(GATE_LOGGER, level="WARNING"):
            refusal = gate.admit(write=True)
        self.assertEqual(store.reads, reads + 1, "past the bound the store was asked again")
        self.assertIsNone(refusal, "the closed window read last still lets requests in")


class DrainTest(unittest.TestCase):
    def test_the_fence_is_let_go_only_once_in_flight_writes_have_finished(self) -> None:
        gate, store, fence, _ = gate_with_fakes()
        self.assertIsNone(gate.admit(write=True))
        store.open(MaintenanceMode.FULL)
        self.assertTrue(gate.sync(), "a write is in flight: keep holding")
        self.assertTrue(fence.held)
        self.assertIsNotNone(gate.admit(write=True), "no new request once the window is seen")
        gate.finish(write=True)
        self.assertFalse(gate.sync())
        self.assertFalse(fence.held)

    def test_a_full_window_also_waits_for_in_flight_reads(self) -> None:
        gate, store, fence, _ = gate_with_fakes()
        self.assertIsNone(gate.admit(write=False))
        store.open(MaintenanceMode.FULL)
        gate.sync()
        self.assertTrue(fence.held)
        gate.finish(write=False)
        gate.sync()
        self.assertFalse(fence.held)

    def test_a_read_only_window_lets_go_while_reads_continue(self) -> None:
        gate, store, fence, _ = gate_with_fakes()
        self.assertIsNone(gate.admit(write=False))
        store.open(MaintenanceMode.READ_ONLY)
        self.assertFalse(gate.sync())
        self.assertFalse(fence.held)
        self.assertIsNone(gate.admit(write=False), "reads are still served")

    def test_after_the_window_closes_the_fence_is_taken_again(self) -> None:
        gate, store, fence, clock = gate_with_fakes()
        gate.admit(write=True)
        gate.finish(write=True)
        store.open(MaintenanceMode.FULL)
        gate.sync()
        store.open(MaintenanceMode.OFF)
        clock.advance(2)
        self.assertIsNone(gate.admit(write=True))
        self.assertTrue(fence.held)

    def test_a_window_opened_while_taking_the_fence_lets_it_go_at_once(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        fence.opens_on_acquire = MaintenanceMode.FULL  # the window opens meanwhile
        self.assertIsNotNone(gate.admit(write=True))
        self.assertFalse(fence.held)

    def test_losing_the_fences_connection_stops_admission_until_a_new_hold(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        gate.admit(write=True)
        gate.finish(write=True)
        fence.lost = True
        with self.assertLogs(GATE_LOGGER, level="WARNING"):
            self.assertFalse(gate.sync())
        acquisitions = fence.acquisitions
        self.assertIsNone(gate.admit(write=True))
        self.assertEqual(fence.acquisitions, acquisitions + 1, "a new hold was taken first")

    def test_close_lets_go_of_the_fence(self) -> None:
        gate, _, fence, _ = gate_with_fakes()
        gate.admit(write=False)
        gate.finish(write=False)
        gate.close()
        self.assertFalse(fence.held)
