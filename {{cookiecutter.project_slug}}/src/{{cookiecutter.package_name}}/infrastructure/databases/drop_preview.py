"""What a downgrade would drop, with the rows it would lose, read before anything runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, column, func, inspect, select, table

from .migration_sql import OfflineSqlError, dropped_objects, revision_sql
from .migrations import MigrationRunner


@dataclass
class DropPreview:
    """Dropped tables and columns with their rows; revisions whose SQL could not be read."""

    tables: dict[str, int] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)  # "table.column" -> non-null values
    unread: list[str] = field(default_factory=list)

    @property
    def loses_rows(self) -> bool:
        return any(self.tables.values()) or any(self.columns.values())

    def lines(self) -> list[str]:
        lines = [f"  table {name} ({_count_of(rows, 'row')})" for name, rows in self.tables.items()]
        lines += [
            f"  column {name} ({_count_of(values, 'value')})"
            for name, values in self.columns.items()
        ]
        lines += [f"  unknown: {reason}" for reason in self.unread]
        return lines


def preview_downgrade(
    runner: MigrationRunner, connection: Connection, steps: list[str]
) -> DropPreview:
    """The tables and columns the steps (newest first) drop, counted in the database now."""
    preview = DropPreview()
    texts = []
    for revision in steps:
        try:
            texts.append(revision_sql(runner, revision, "downgrade"))
        except OfflineSqlError as error:
            preview.unread.append(str(error))
    tables, columns = dropped_objects(texts)
    existing = set(inspect(connection).get_table_names())
    for name in tables:
        if name in existing:  # else created and dropped within the same run
            preview.tables[name] = _count(connection, name)
    for name, column_name in columns:
        if name in existing:
            preview.columns[f"{name}.{column_name}"] = _count(connection, name, column_name)
    return preview


def _count(connection: Connection, table_name: str, column_name: str | None = None) -> int:
    counted = func.count(column(column_name)) if column_name else func.count()
    rows = connection.execute(select(counted).select_from(table(table_name))).scalar_one()
    return int(rows)


def _count_of(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
