"""Migrations folders for tests: the project's own, copied, with test revisions added."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.databases.utc_datetime import UtcDateTime

from .database import MIGRATIONS_DIR

_REVISION = '''"""Test only: {revision}."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = {down_revision!r}
branch_labels = {branch_labels!r}
depends_on = {depends_on!r}
{preamble}


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
{downgrade}
'''


@dataclass(frozen=True)
class TestRevision:
    """A revision to add: its id, the code of upgrade() and downgrade(), where it goes."""

    revision: str
    upgrade: str
    downgrade: str = "pass"
    # None: after core's newest revision (or the previous test revision of core).
    down_revision: str | None = None
    branch: str = "core"
    depends_on: str | None = None
    preamble: str = ""  # module-level code, before upgrade()


def copy_migrations(folder: Path, *revisions: TestRevision) -> Path:
    """The project's migrations copied into folder/migrations, with revisions added in order."""
    target = folder / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    core_head = ScriptDirectory(
        str(target), version_locations=[str(target / "versions" / "core")]
    ).get_current_head()
    for added in revisions:
        down_revision = added.down_revision
        if down_revision is None and added.branch == "core":
            down_revision, core_head = core_head, added.revision
        branch = target / "versions" / added.branch
        branch.mkdir(exist_ok=True)
        (branch / f"{added.revision}.py").write_text(
            _REVISION.format(
                revision=added.revision,
                down_revision=down_revision,
                branch_labels=None if added.branch == "core" or down_revision else (added.branch,),
                depends_on=added.depends_on,
                preamble=added.preamble,
                upgrade=textwrap.indent(textwrap.dedent(added.upgrade).strip(), "    "),
                downgrade=textwrap.indent(textwrap.dedent(added.downgrade).strip(), "    "),
            )
        )
    return target


# A branch of its own for the tests, as a domain has: its tables are named after it.
PROBE_BRANCH = TestRevision(
    "0001_probe", "pass", down_revision=None, branch="probe", depends_on="0001_core"
)


@contextmanager
def tables(*made: sa.Table) -> Iterator[None]:
    """Tables on the shared metadata for the duration of a test: a model change."""
    try:
        yield
    finally:
        for table in made:
            metadata.remove(table)


def loans_table() -> sa.Table:
    """A model change with the project's own type, a unique constraint and a foreign key."""
    return sa.Table(
        "probe_loans",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("borrower", sa.String(40), nullable=False),
        sa.Column("context_id", sa.SmallInteger(), sa.ForeignKey("service_context.id")),
        sa.Column("due_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("borrower", "due_at"),
    )
