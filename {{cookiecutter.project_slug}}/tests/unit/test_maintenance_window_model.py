"""The maintenance window: what each mode lets through, and which windows can be opened."""

import unittest
from datetime import datetime, timedelta

from {{ cookiecutter.package_name }}.domain.exceptions import RuleViolation
from {{ cookiecutter.package_name }}.domain.models.maintenance import (
    MaintenanceMode,
    MaintenanceWindow,
    WindowOwner,
)

from .maintenance_fakes import NOW


class MaintenanceModeTest(unittest.TestCase):
    def test_off_lets_reads_and_writes_through(self) -> None:
        self.assertTrue(MaintenanceMode.OFF.admits(write=False))
        self.assertTrue(MaintenanceMode.OFF.admits(write=True))

    def test_read_only_lets_reads_through_and_refuses_writes(self) -> None:
        self.assertTrue(MaintenanceMode.READ_ONLY.admits(write=False))
        self.assertFalse(MaintenanceMode.READ_ONLY.admits(write=True))

    def test_full_refuses_reads_and_writes(self) -> None:
        self.assertFalse(MaintenanceMode.FULL.admits(write=False))
        self.assertFalse(MaintenanceMode.FULL.admits(write=True))

    def test_an_unknown_mode_is_a_rule_violation_naming_the_known_ones(self) -> None:
        with self.assertRaisesRegex(RuleViolation, "off, read-only or full"):
            MaintenanceMode.parse("partial")

    def test_full_is_stricter_than_read_only(self) -> None:
        self.assertIs(
            MaintenanceMode.READ_ONLY.strictest(MaintenanceMode.FULL), MaintenanceMode.FULL
        )
        self.assertIs(
            MaintenanceMode.READ_ONLY.strictest(MaintenanceMode.OFF), MaintenanceMode.READ_ONLY
        )


class MaintenanceWindowTest(unittest.TestCase):
    def test_the_default_window_is_closed(self) -> None:
        self.assertFalse(MaintenanceWindow().is_open)

    def test_an_opened_window_records_when_and_by_whom(self) -> None:
        window = MaintenanceWindow.opened(
            MaintenanceMode.FULL, now=NOW, reason=" upgrade ", opened_by=WindowOwner.MIGRATION
        )
        self.assertTrue(window.is_open)
        self.assertEqual(window.opened_at, NOW)
        self.assertEqual(window.opened_by, WindowOwner.MIGRATION)
        self.assertEqual(window.reason, "upgrade")

    def test_a_window_cannot_be_opened_in_off_mode(self) -> None:
        with self.assertRaises(RuleViolation):
            MaintenanceWindow.opened(MaintenanceMode.OFF, now=NOW)

    def test_an_expected_end_in_the_past_is_refused(self) -> None:
        with self.assertRaisesRegex(RuleViolation, "past"):
            MaintenanceWindow.opened(
                MaintenanceMode.FULL, now=NOW, expected_end=NOW - timedelta(minutes=1)
            )

    def test_an_expected_end_without_a_time_zone_is_refused(self) -> None:
        with self.assertRaisesRegex(RuleViolation, "time zone"):
            MaintenanceWindow.opened(
                MaintenanceMode.FULL, now=NOW, expected_end=datetime(2030, 1, 1, 13, 0)
            )

    def test_a_reason_too_long_is_refused(self) -> None:
        with self.assertRaises(RuleViolation):
            MaintenanceWindow.opened(MaintenanceMode.FULL, now=NOW, reason="x" * 501)

    def test_retry_after_counts_down_to_the_expected_end(self) -> None:
        window = MaintenanceWindow.opened(
            MaintenanceMode.FULL, now=NOW, expected_end=NOW + timedelta(seconds=90)
        )
        self.assertEqual(window.retry_after(NOW + timedelta(seconds=30), default_seconds=5), 60)

    def test_retry_after_falls_back_to_the_default_without_an_expected_end_ahead(self) -> None:
        window = MaintenanceWindow.opened(
            MaintenanceMode.FULL, now=NOW, expected_end=NOW + timedelta(seconds=90)
        )
        self.assertEqual(window.retry_after(NOW + timedelta(hours=1), default_seconds=5), 5)
        self.assertEqual(MaintenanceWindow().retry_after(NOW, default_seconds=7), 7)

    def test_an_operator_changing_the_mode_makes_it_another_opening(self) -> None:
        window = MaintenanceWindow.opened(MaintenanceMode.FULL, now=NOW)
        again = MaintenanceWindow.opened(MaintenanceMode.FULL, now=NOW)
        changed = MaintenanceWindow.opened(MaintenanceMode.READ_ONLY, now=NOW)
        self.assertTrue(window.is_same_opening(again))
        self.assertFalse(window.is_same_opening(changed))
