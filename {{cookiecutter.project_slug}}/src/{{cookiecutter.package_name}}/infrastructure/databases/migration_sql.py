"""The SQL a revision runs on PostgreSQL, written without a database (Alembic's --sql mode)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import Script

from .migrations import MigrationError, MigrationRunner

# Alembic ends each statement it writes with this.
TERMINATOR = ";\n\n"
_DROP_TABLE = re.compile(r"^DROP TABLE (?:IF EXISTS )?(\"?[\w.]+\"?)", re.IGNORECASE)
_RENAME_TABLE = re.compile(r"^ALTER TABLE (\"?[\w.]+\"?) RENAME TO (\"?[\w.]+\"?)", re.IGNORECASE)
_DROP_COLUMN = re.compile(
    r"^ALTER TABLE (\"?[\w.]+\"?) DROP COLUMN (?:IF EXISTS )?(\"?\w+\"?)", re.IGNORECASE
)


class OfflineSqlError(MigrationError):
    """A revision that needs a live database (it reads data) has no SQL to show."""


@dataclass(frozen=True)
class Statement:
    sql: str
    first_line: int  # 0-based, in the revision's SQL text


def revision_sql(runner: MigrationRunner, revision_id: str, direction: str = "upgrade") -> str:
    """The PostgreSQL statements of one revision's upgrade (or downgrade), each ending in ';'."""
    script = runner.script().get_revision(revision_id)
    if not isinstance(script, Script):
        raise MigrationError(f"No revision {revision_id} in {runner.migrations_dir}.")
    buffer = io.StringIO()
    context = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )
    try:
        with Operations.context(context):
            getattr(script.module, direction)()
    except Exception as error:  # any failure of the revision's code means: no SQL
        raise OfflineSqlError(
            f"{revision_id} cannot be written as SQL without a database "
            f"({type(error).__name__}: {error})"
        ) from error
    return buffer.getvalue()


def statements(sql: str) -> Iterator[Statement]:
    """Each statement of revision_sql's text with the line it starts on."""
    line = 0
    for chunk in sql.split(TERMINATOR):
        text = chunk.strip()
        if text:
            leading = len(chunk) - len(chunk.lstrip("\n"))
            yield Statement(text, line + leading)
        line += chunk.count("\n") + TERMINATOR.count("\n")


def _name(raw: str) -> str:
    return raw.strip('"').rsplit(".", 1)[-1]


def dropped_objects(sql_texts: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The tables, and the (table, column) pairs of other tables, these statements drop.

    Names are the tables' names before the statements run. A table dropped and then replaced by
    another renamed to its name (a copy and swap, as batch mode does) keeps its rows.
    """
    dropped: list[str] = []
    columns: list[tuple[str, str]] = []
    original: dict[str, str] = {}  # a renamed table's current name -> its name before
    for sql in sql_texts:
        for statement in statements(sql):
            text = " ".join(statement.sql.split())
            if match := _DROP_TABLE.match(text):
                table = _name(match.group(1))
                dropped.append(original.pop(table, table))
            elif match := _RENAME_TABLE.match(text):
                old, new = _name(match.group(1)), _name(match.group(2))
                if new in dropped:
                    dropped.remove(new)
                original[new] = original.pop(old, old)
            elif match := _DROP_COLUMN.match(text):
                table = _name(match.group(1))
                columns.append((original.get(table, table), _name(match.group(2))))
    gone = set(dropped)
    return dropped, [(table, column) for table, column in columns if table not in gone]
