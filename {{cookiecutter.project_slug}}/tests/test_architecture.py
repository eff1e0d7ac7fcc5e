"""The onion, enforced: the import-linter contracts in pyproject.toml hold."""

import subprocess
import sys
import unittest
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# In its own process: import-linter configures logging globally, which would disable the
# loggers that other tests of this run read.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"


class ArchitectureTest(unittest.TestCase):
    def test_import_contracts_are_kept(self) -> None:
        result = subprocess.run(
            [sys.executable, "-c", LINT_IMPORTS],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Contracts: ", result.stdout)
