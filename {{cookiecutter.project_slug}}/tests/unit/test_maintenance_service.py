"""The maintenance use cases: open and close the one shared window."""

import unittest
from datetime import timedelta

from {{ cookiecutter.package_name }}.domain.exceptions import RuleViolation
from {{ cookiecutter.package_name }}.domain.models.maintenance import MaintenanceMode, WindowOwner
from {{ cookiecutter.package_name }}.services.maintenance import MaintenanceService

from .maintenance_fakes import NOW, FakeStore


class MaintenanceServiceTest(unittest.TestCase):
    def setUp(self) -> None:
        self.store = FakeStore()
        self.service = MaintenanceService(self.store, clock=lambda: NOW)

    def test_open_saves_the_window_every_instance_reads(self) -> None:
        end = NOW + timedelta(minutes=10)
        self.service.open(MaintenanceMode.READ_ONLY, reason="reindex", expected_end=end)
        window = self.service.status()
        self.assertIs(window.mode, MaintenanceMode.READ_ONLY)
        self.assertEqual((window.reason, window.expected_end), ("reindex", end))
        self.assertEqual((window.opened_at, window.opened_by), (NOW, WindowOwner.OPERATOR))

    def test_close_turns_maintenance_off(self) -> None:
        self.service.open(MaintenanceMode.FULL)
        self.service.close()
        self.assertFalse(self.service.status().is_open)

    def test_an_invalid_window_is_refused_and_nothing_is_saved(self) -> None:
        with self.assertRaises(RuleViolation):
            self.service.open(MaintenanceMode.FULL, expected_end=NOW - timedelta(seconds=1))
        self.assertFalse(self.store.window.is_open)
