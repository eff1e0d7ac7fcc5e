"""What autogenerate found between the models and the database, one readable line per change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

# Alembic's differences are tuples: (kind, ...); column changes come grouped in lists of them.
Difference = Any


def flatten(differences: list[Difference]) -> Iterator[tuple[Any, ...]]:
    for difference in differences:
        if isinstance(difference, list):
            yield from flatten(difference)
        else:
            yield difference


def describe(differences: list[Difference]) -> list[str]:
    """One line per change a migration would have to make, e.g. 'add column cats.nickname'."""
    return [_describe(difference) for difference in flatten(differences)]


def changed_tables(differences: list[Difference]) -> set[str]:
    """The tables a migration of these differences would change."""
    return {name for difference in flatten(differences) if (name := _table_of(difference))}


def referenced_tables(differences: list[Difference]) -> set[str]:
    """The tables the new foreign keys point at: their migrations must run first."""
    referenced: set[str] = set()
    for difference in flatten(differences):
        kind = difference[0]
        if kind == "add_table":
            keys = list(difference[1].foreign_key_constraints)
        elif kind == "add_fk":
            keys = [difference[1]]
        elif kind == "add_column":
            keys = [key.constraint for key in difference[3].foreign_keys if key.constraint]
        else:
            keys = []
        referenced.update(key.referred_table.name for key in keys)
    return referenced


def _table_of(difference: tuple[Any, ...]) -> str | None:
    kind, subject = difference[0], difference[1]
    if kind in ("add_table", "remove_table", "add_table_comment", "remove_table_comment"):
        return str(subject.name)
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        return str(subject.table.name)
    if kind in ("add_fk", "remove_fk"):
        return str(subject.parent.name)
    if len(difference) > 2 and isinstance(difference[2], str):
        return difference[2]  # (kind, schema, table, ...): columns and their changes
    return None


def _columns(names: Any) -> str:
    return ", ".join(str(getattr(name, "name", name)) for name in names)


def _column(column: sa.Column[Any]) -> str:
    nullable = "NULL" if column.nullable else "NOT NULL"
    return f"{column.table.name}.{column.name} {_type(column.type)} {nullable}"


def _type(type_: Any) -> str:
    try:
        return str(type_)
    except sa.exc.CompileError:
        return type(type_).__name__


def _describe(difference: tuple[Any, ...]) -> str:  # noqa: PLR0911 - one answer per kind
    kind = difference[0]
    if kind in ("add_table", "remove_table"):
        verb = "add" if kind == "add_table" else "drop"
        return f"{verb} table {difference[1].name}"
    if kind in ("add_column", "remove_column"):
        verb = "add" if kind == "add_column" else "drop"
        return f"{verb} column {_column(difference[3])}"
    if kind in ("add_index", "remove_index"):
        index = difference[1]
        verb = "add" if kind == "add_index" else "drop"
        unique = "unique " if index.unique else ""
        columns = _columns(index.expressions)
        return f"{verb} {unique}index {index.name} on {index.table.name} ({columns})"
    if kind in ("add_constraint", "remove_constraint"):
        constraint = difference[1]
        verb = "add" if kind == "add_constraint" else "drop"
        what = "unique constraint" if isinstance(constraint, sa.UniqueConstraint) else "constraint"
        columns = _columns(constraint.columns) if hasattr(constraint, "columns") else ""
        return f"{verb} {what} {constraint.name} on {constraint.table.name} ({columns})"
    if kind in ("add_fk", "remove_fk"):
        key = difference[1]
        verb = "add" if kind == "add_fk" else "drop"
        return (
            f"{verb} foreign key {key.name} on {key.parent.name} ({_columns(key.columns)}) "
            f"-> {key.referred_table.name} ({_columns(element.column for element in key.elements)})"
        )
    if kind.startswith("modify_"):
        table, column, before, after = difference[2], difference[3], difference[5], difference[6]
        if kind == "modify_nullable":
            return f"make {table}.{column} {'NULL' if after else 'NOT NULL'}"
        if kind == "modify_type":
            before, after = _type(before), _type(after)
        what = kind.removeprefix("modify_").replace("_", " ")
        return f"change the {what} of {table}.{column}: {before} -> {after}"
    if kind in ("add_table_comment", "remove_table_comment"):
        return f"change the comment of table {difference[1].name}"
    return " ".join(str(part) for part in difference)
