"""gunicorn refuses to start on bad production settings: one message, before any worker."""

import os
import subprocess
import sys
import unittest

from {{ cookiecutter.package_name }}.settings_check import HEADER

from ..support.database import PROJECT_ROOT
from ..support.processes import free_port


class GunicornStartTest(unittest.TestCase):
    def test_placeholder_and_missing_settings_stop_gunicorn_with_one_message(self) -> None:
        environ = {
            **os.environ,
            "APP_ENV": "production",
            "DATABASE_URL": "",
            "SECRET_KEY": "changeme" * 4,
            "MAINTENANCE_TOKEN": "0" * 16,
            "WEB_CONCURRENCY": "2",
            "PORT": str(free_port()),
            "HOST": "127.0.0.1",
        }
        result = subprocess.run(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=PROJECT_ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        output = result.stdout + result.stderr
        self.assertNotEqual(result.returncode, 0, output)
        self.assertEqual(output.count(HEADER), 1, output)
        for line in (
            "- DATABASE_URL is not set",
            "- SECRET_KEY contains the placeholder 'changeme'",
            "- MAINTENANCE_TOKEN repeats one character",
        ):
            self.assertIn(line, output)
        self.assertNotIn("Traceback", output)
        self.assertNotIn("Booting worker", output)
