"""A minimal domain of a project's own, written into a generated project by hand.

It has what every domain has, each file named after it: its table and mapper module, its first
migration on a branch of its own (depending on the core branch), its composition module (no
providers, no endpoints) and its documentation page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COMPOSITION = '''\
"""{title} joined to the service: nothing to provide or register yet."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers
from flask_smorest import Api

from ..dependency_container import Container
from . import Domain


def {name}_providers() -> dict[str, providers.Provider[Any]]:
    return {{}}


def register(api: Api, container: Container) -> None:
    """No endpoints yet."""


DOMAIN = Domain(name="{name}", providers={name}_providers, register=register)
'''

MAPPER = '''\
"""The {name}_items table; rows are read with Core queries, so no class is mapped."""

import sqlalchemy as sa

from ..databases.metadata import metadata

{name}_items_table = sa.Table(
    "{name}_items",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("title", sa.String(length=100), nullable=False),
)


def start_mappers() -> None:
    """No class is mapped."""
'''

MIGRATION = '''\
"""{title}: its items.

Revision ID: 0001_{name}
Revises:
Branch: {name}, depending on 0001_core
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_{name}"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("{name}",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "{name}_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{name}_items")),
    )


def downgrade() -> None:
    op.drop_table("{name}_items")
'''

DOCS = """\
# {title}

Items, each with a title. No endpoints and no settings yet.
"""


@dataclass(frozen=True)
class DomainRows:
    """A statement that inserts a row in the domain's table, and a query that reads it back."""

    insert: str
    select: str


def add_domain(project: Path, package: str, name: str) -> DomainRows:
    """Write the domain's files into the project."""
    files = {
        f"src/{package}/composition/{name}.py": COMPOSITION,
        f"src/{package}/infrastructure/mappers/{name}.py": MAPPER,
        f"migrations/versions/{name}/0001_{name}_items.py": MIGRATION,
        f"docs/domains/{name}.md": DOCS,
    }
    for relative, text in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(name=name, title=name.capitalize()), encoding="utf-8")
    return DomainRows(
        insert=f"INSERT INTO {name}_items (title) VALUES ('kept through the update')",
        select=f"SELECT id, title FROM {name}_items",
    )
