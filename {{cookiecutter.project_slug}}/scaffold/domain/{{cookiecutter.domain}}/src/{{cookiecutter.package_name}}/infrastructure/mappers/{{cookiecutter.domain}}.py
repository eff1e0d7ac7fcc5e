"""{{ cookiecutter.title }}'s table, and the imperative mapping of Item onto it."""

from __future__ import annotations

import sqlalchemy as sa

from ...domain.models.{{ cookiecutter.domain }}.item import NAME_MAX_LENGTH, Item
from ..databases.metadata import mapper_registry, metadata

items_table = sa.Table(
    "{{ cookiecutter.domain }}_items",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),
    sa.Column("name", sa.String(NAME_MAX_LENGTH), nullable=False),
    sa.Column("quantity", sa.Integer(), nullable=False),
    # The entity keeps the stock from going negative; the database refuses it too.
    sa.CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    # Listings are ordered by name (the id breaks ties).
    sa.Index("ix_{{ cookiecutter.domain }}_items_name_id", "name", "id"),
)


def start_mappers() -> None:
    mapper_registry.map_imperatively(Item, items_table)
