"""manage.py: the migration commands work and errors are one clear line."""

import subprocess
import tempfile
import unittest
from pathlib import Path

from ..support.database import create_fresh_database
from ..support.processes import run_manage


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return run_manage(*args, environ={"APP_ENV": "development", "LOG_LEVEL": "WARNING", **environ})


class ManageDatabaseCommandsTest(unittest.TestCase):
    def test_upgrade_then_check_finds_no_drift_on_postgresql(self) -> None:
        url = create_fresh_database("manage")
        upgrade = manage("db", "upgrade", DATABASE_URL=url)
        self.assertEqual(upgrade.returncode, 0, upgrade.stderr)
        check = manage("db", "check", DATABASE_URL=url)
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertIn("No drift", check.stdout)

    def test_upgrade_works_on_the_embedded_development_database(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'dev.sqlite3'}"
            upgrade = manage("db", "upgrade", DATABASE_URL=url)
            self.assertEqual(upgrade.returncode, 0, upgrade.stderr)
            current = manage("db", "current", DATABASE_URL=url)
            self.assertEqual(current.returncode, 0, current.stderr)

    def test_production_without_settings_fails_with_one_clear_line(self) -> None:
        result = manage("db", "upgrade", APP_ENV="production", DATABASE_URL="", SECRET_KEY="")
        self.assertEqual(result.returncode, 1)
        self.assertIn("DATABASE_URL", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
