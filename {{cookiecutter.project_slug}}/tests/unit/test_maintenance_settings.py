"""Maintenance settings: production needs an operator token; numbers are checked."""

import unittest

from {{ cookiecutter.package_name }}.config import ConfigurationError
from {{ cookiecutter.package_name }}.maintenance_settings import MaintenanceSettings


class MaintenanceSettingsTest(unittest.TestCase):
    def test_defaults_without_any_variable(self) -> None:
        settings = MaintenanceSettings.from_environment({}, production=False)
        self.assertIsNone(settings.token)
        self.assertEqual(settings.refresh_seconds, 1.0)
        self.assertEqual(settings.drain_timeout, 30.0)

    def test_production_refuses_to_start_without_a_token_and_names_it(self) -> None:
        with self.assertRaisesRegex(ConfigurationError, "MAINTENANCE_TOKEN"):
            MaintenanceSettings.from_environment({}, production=True)

    def test_production_refuses_a_short_token(self) -> None:
        with self.assertRaisesRegex(ConfigurationError, "MAINTENANCE_TOKEN"):
            MaintenanceSettings.from_environment({"MAINTENANCE_TOKEN": "short"}, production=True)

    def test_values_are_read_from_the_environment(self) -> None:
        settings = MaintenanceSettings.from_environment(
            {
                "MAINTENANCE_TOKEN": "0f4e8a2c6b1d9e7f3a5c0b8d2e6f4a1c",
                "MAINTENANCE_REFRESH_SECONDS": "0.5",
                "MAINTENANCE_DRAIN_TIMEOUT": "12",
                "MIGRATION_LOCK_TIMEOUT": "2",
                "MIGRATION_STATEMENT_TIMEOUT": "0",
                "MAINTENANCE_RETRY_AFTER": "45",
            },
            production=True,
        )
        self.assertEqual(settings.token, "0f4e8a2c6b1d9e7f3a5c0b8d2e6f4a1c")
        self.assertEqual(settings.refresh_seconds, 0.5)
        self.assertEqual(settings.drain_timeout, 12.0)
        self.assertEqual(settings.lock_timeout, 2.0)
        self.assertEqual(settings.statement_timeout, 0.0)
        self.assertEqual(settings.retry_after, 45)

    def test_a_value_that_is_not_a_number_of_seconds_is_named(self) -> None:
        for name, value in (
            ("MAINTENANCE_REFRESH_SECONDS", "soon"),
            ("MAINTENANCE_DRAIN_TIMEOUT", "0"),
            ("MIGRATION_LOCK_TIMEOUT", "-1"),
            ("MIGRATION_STATEMENT_TIMEOUT", "nan"),
        ):
            with self.subTest(name=name), self.assertRaisesRegex(ConfigurationError, name):
                MaintenanceSettings.from_environment({name: value}, production=False)
