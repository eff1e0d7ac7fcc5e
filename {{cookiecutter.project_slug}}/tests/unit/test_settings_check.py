"""Every setting of every part is read at once: one error names each problem, one per line."""

import unittest

from {{ cookiecutter.package_name }}.config import ConfigurationError, Settings
from {{ cookiecutter.package_name }}.settings_check import HEADER, read_settings, report

GOOD_SECRET_KEY = "5f1c9a0e7b3d4c2a8e6f0b1d9c7a5e3f2b4d6c8a"


class ReadSettingsTest(unittest.TestCase):
    def problems(self, environ: dict[str, str]) -> list[str]:
        with self.assertRaises(ConfigurationError) as raised:
            read_settings(environ)
        return list(raised.exception.problems)

    def test_development_needs_no_setting(self) -> None:
        self.assertEqual(read_settings({}), Settings.from_environment({}))

    def test_production_names_every_missing_setting_of_every_part_in_one_error(self) -> None:
        problems = self.problems({"APP_ENV": "production"})
        named = [problem.split(" ", 1)[0] for problem in problems]
        self.assertLessEqual({"DATABASE_URL", "SECRET_KEY", "MAINTENANCE_TOKEN"}, set(named))
        self.assertEqual(len(named), len(set(named)), "one line per setting")

    def test_production_names_every_placeholder_at_once(self) -> None:
        problems = self.problems(
            {
                "APP_ENV": "production",
                "DATABASE_URL": "postgresql://svc@db:5432/svc",
                "SECRET_KEY": "changeme" * 4,
                "MAINTENANCE_TOKEN": "0" * 16,
            }
        )
        self.assertIn("SECRET_KEY contains the placeholder 'changeme'", "\n".join(problems))
        self.assertIn("MAINTENANCE_TOKEN repeats one character", "\n".join(problems))

    def test_a_bad_number_is_named_with_the_secrets(self) -> None:
        problems = self.problems(
            {"APP_ENV": "production", "SECRET_KEY": "a" * 32, "DATABASE_POOL_SIZE": "many"}
        )
        text = "\n".join(problems)
        for name in ("DATABASE_URL", "SECRET_KEY", "DATABASE_POOL_SIZE", "MAINTENANCE_TOKEN"):
            self.assertIn(name, text)

    def test_an_unknown_environment_is_the_only_problem_named(self) -> None:
        self.assertEqual(len(self.problems({"APP_ENV": "prod", "SECRET_KEY": "x"})), 1)

    def test_the_report_is_one_line_per_problem_under_a_header(self) -> None:
        lines = report(ConfigurationError("A is not set.", "B is too short.")).splitlines()
        self.assertEqual(lines, [HEADER, "- A is not set.", "- B is too short."])

    def test_a_good_production_environment_passes_the_service_settings(self) -> None:
        environ = {
            "APP_ENV": "production",
            "DATABASE_URL": "postgresql://svc@db:5432/svc",
            "SECRET_KEY": GOOD_SECRET_KEY,
            "MAINTENANCE_TOKEN": "0f4e8a2c6b1d9e7f3a5c0b8d2e6f4a1c",
        }
        problems = []
        try:
            read_settings(environ)
        except ConfigurationError as error:
            problems = list(error.problems)
        # Only the optional parts' own settings may still be missing (their credentials).
        for problem in problems:
            self.assertNotRegex(problem, r"^(DATABASE_URL|SECRET_KEY|MAINTENANCE_TOKEN) ")
