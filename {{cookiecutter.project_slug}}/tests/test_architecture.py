"""The onion, enforced: the import-linter contracts in pyproject.toml hold."""

import contextlib
import io
import unittest
from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


class ArchitectureTest(unittest.TestCase):
    def test_import_contracts_are_kept(self) -> None:
        report = io.StringIO()
        with contextlib.redirect_stdout(report):
            exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True)
        self.assertEqual(exit_code, 0, report.getvalue())
