"""Catown's tables, and the imperative mapping of House and Cat onto them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import relationship
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ...domain.models.catown.cat import NAME_MAX_LENGTH, Cat
from ...domain.models.catown.house import HOUSE_CAPACITY, House
from ...domain.models.catown.nature import Nature
from ..databases.metadata import mapper_registry, metadata

NATURE_NAME_LENGTH = 32
# Optimisation: a stored name reads back by a plain dict lookup, where Nature[name] runs the
# enum's Python-level lookup for every value read. The plain way: sa.Enum(Nature) or Nature[name].
NATURE_BY_NAME: dict[str, Nature] = {nature.name: nature for nature in Nature}


class NatureType(sa.types.TypeDecorator[Nature]):
    """A Nature stored as its NAME, readable in the database and stable if values change."""

    impl = sa.String(NATURE_NAME_LENGTH)
    cache_ok = True

    def process_bind_param(self, value: Nature | None, dialect: Dialect) -> str | None:
        return None if value is None else value.name

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Nature | None:
        return None if value is None else NATURE_BY_NAME[value]


class uuid_text(FunctionElement[str]):  # noqa: N801 - SQL functions are lowercase by convention
    """uuid_text(column): the UUID as lowercase hyphenated text, written by the database.

    Optimisation, for reads that only pass ids on to a client: the driver parses every UUID it
    reads into a uuid.UUID that the answer prints back to text, which for a list of ids costs
    more than reading the rows. The plain way: select the column and let the schema print it.
    """

    type = sa.String()
    name = "uuid_text"
    inherit_cache = True


@compiles(uuid_text)
def _uuid_as_text(element: uuid_text, compiler: SQLCompiler, **kw: Any) -> str:
    # PostgreSQL prints its uuid type in the canonical form.
    return f"CAST({compiler.process(element.clauses, **kw)} AS VARCHAR)"


@compiles(uuid_text, "sqlite")
def _uuid_hyphenated(element: uuid_text, compiler: SQLCompiler, **kw: Any) -> str:
    # On SQLite, SQLAlchemy stores a UUID as its 32 lowercase hex digits.
    column = compiler.process(element.clauses, **kw)
    groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    return " || '-' || ".join(f"substr({column}, {start}, {length})" for start, length in groups)


catown_houses_table = sa.Table(
    "catown_houses",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),
    # Optimisation: kept by the database (triggers on catown_cats, see Catown's first migration),
    # never by the ORM: it indexes the houses with room for the keep-a-free-house check. The plain
    # way: no such column; count each house's cats when the check runs.
    sa.Column("resident_count", sa.Integer(), nullable=False, server_default="0"),
    sa.CheckConstraint(
        f"resident_count >= 0 AND resident_count <= {HOUSE_CAPACITY}",
        name="resident_count_within_capacity",
    ),
    sa.Index("ix_catown_houses_resident_count_id", "resident_count", "id"),
)

catown_cats_table = sa.Table(
    "catown_cats",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),
    sa.Column("name", sa.String(NAME_MAX_LENGTH), nullable=False),
    sa.Column("birthdate", sa.Date(), nullable=False),
    sa.Column("nature", NatureType(), nullable=False),
    sa.Column(
        "house_id", sa.Uuid(), sa.ForeignKey(catown_houses_table.c.id), nullable=False, index=True
    ),
    sa.CheckConstraint(
        "nature IN (" + ", ".join(f"'{nature.name}'" for nature in Nature) + ")",
        name="known_nature",
    ),
)


def start_mappers() -> None:
    mapper_registry.map_imperatively(
        Cat,
        catown_cats_table,
        # Which house a cat lives in is House.cats; the column stays a persistence detail.
        properties={"_house_id": catown_cats_table.c.house_id},
    )
    mapper_registry.map_imperatively(
        House,
        catown_houses_table,
        # Use cases that change residents load them with their houses, once the houses are
        # locked (the repository's get_for_update); listings read plain rows and load no House.
        properties={"cats": relationship(Cat, lazy="select")},
        # The database keeps the count (see the table): the ORM neither reads nor writes it.
        exclude_properties=["resident_count"],
    )
