"""db lint and db upgrade's verdict: squawk finds the migrations that need a window."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

from {{ cookiecutter.package_name }}.infrastructure.databases.migration_lint import lint
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner

from ..support.database import create_migrated_database
from ..support.maintenance_probe import invoke
from ..support.migrations import TestRevision, copy_migrations

# Every row gets its own value: PostgreSQL rewrites the whole table under an exclusive lock.
VOLATILE_DEFAULT = TestRevision(
    "0911_core",
    """
    op.add_column(
        "service_context",
        sa.Column(
            "token", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False
        ),
    )
    """,
    'op.drop_column("service_context", "token")',
)
# Writes to the table wait until the index is built.
PLAIN_INDEX = TestRevision(
    "0912_core",
    'op.create_index("ix_service_context_reason", "service_context", ["reason"])',
    'op.drop_index("ix_service_context_reason", table_name="service_context")',
)
# A nullable column without a default: a change of the catalogue only.
HARMLESS = TestRevision(
    "0913_core",
    'op.add_column("service_context", sa.Column("note", sa.Text(), nullable=True))',
    'op.drop_column("service_context", "note")',
)


class MigrationLintTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def runner(self, url: str, *revisions: TestRevision) -> MigrationRunner:
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        return MigrationRunner(url, copy_migrations(folder, *revisions))

    def test_each_revision_gets_its_verdict(self) -> None:
        runner = self.runner("postgresql://unused", VOLATILE_DEFAULT, PLAIN_INDEX, HARMLESS)
        volatile, index, harmless = lint(runner, ["0911_core", "0912_core", "0913_core"])
        self.assertEqual(
            [finding.rule for finding in volatile.findings], ["adding-field-with-default"]
        )
        self.assertIn("gen_random_uuid()", volatile.findings[0].statement)
        self.assertTrue(volatile.findings[0].advice)
        self.assertEqual(
            [finding.rule for finding in index.findings], ["require-concurrent-index-creation"]
        )
        self.assertIn("CREATE INDEX ix_service_context_reason", index.findings[0].statement)
        self.assertEqual(harmless.findings, [])
        self.assertFalse(harmless.needs_window)
        self.assertTrue(volatile.needs_window and index.needs_window)

    def test_db_lint_checks_the_pending_revisions_and_fails_when_one_needs_a_window(self) -> None:
        runner = self.runner(create_migrated_database("lint"), PLAIN_INDEX, HARMLESS)
        result = invoke(
            "db",
            "--directory",
            str(runner.migrations_dir),
            "lint",
            database_url=runner.database_url,
        )
        self.assertEqual(result.exit_code, 1, result.output)
        self.assertIn("0912_core: needs a window", result.output)
        self.assertIn("require-concurrent-index-creation", result.output)
        self.assertIn("0913_core: no long lock, no table rewrite", result.output)

    def upgrade(self, *revisions: TestRevision) -> str:
        """db upgrade of a migrated database with revisions pending; what it printed."""
        runner = self.runner(create_migrated_database("lint_upgrade"), *revisions)
        folder = str(runner.migrations_dir)
        result = invoke("db", "--directory", folder, "upgrade", database_url=runner.database_url)
        self.assertEqual(result.exit_code, 0, result.output)
        return result.output

    def test_upgrade_prints_the_verdict_before_it_opens_the_window(self) -> None:
        output = self.upgrade(VOLATILE_DEFAULT)
        verdict = output.index("0911_core: needs a window")
        self.assertLess(verdict, output.index("Maintenance window open"))

    def test_upgrade_says_when_no_window_was_needed(self) -> None:
        self.assertIn("could run without a window", self.upgrade(HARMLESS))
