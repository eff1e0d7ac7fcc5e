"""The connected_developers_checks table: the register of realtime checks, mapped imperatively."""

from __future__ import annotations

import sqlalchemy as sa

from ...domain.models.connected_developers.register import RegisteredCheck
from ..databases.metadata import mapper_registry, metadata
from ..databases.utc_datetime import UtcDateTime

connected_developers_checks_table = sa.Table(
    "connected_developers_checks",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    # Lowercase handles, the pair in sorted order: a/b and b/a are one register.
    sa.Column("first_developer", sa.String(length=39), nullable=False),
    sa.Column("second_developer", sa.String(length=39), nullable=False),
    sa.Column("registered_at", UtcDateTime(), nullable=False),
    sa.Column("connected", sa.Boolean(), nullable=False),
    # The logins of the shared organisations, sorted; empty when not connected.
    sa.Column("organisations", sa.JSON(), nullable=False),
    sa.Index(
        "ix_connected_developers_checks_pair",
        "first_developer",
        "second_developer",
        "registered_at",
    ),
)


def start_mappers() -> None:
    mapper_registry.map_imperatively(RegisteredCheck, connected_developers_checks_table)
