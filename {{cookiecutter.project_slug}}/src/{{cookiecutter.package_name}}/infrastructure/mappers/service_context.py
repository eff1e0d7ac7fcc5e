"""The service_context table: one row holding the maintenance window every instance obeys."""

import sqlalchemy as sa

from ..databases.metadata import metadata
from ..databases.utc_datetime import UtcDateTime

service_context_table = sa.Table(
    "service_context",
    metadata,
    sa.Column("id", sa.SmallInteger(), primary_key=True),
    sa.Column("maintenance_mode", sa.String(length=16), nullable=False, server_default="off"),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("expected_end", UtcDateTime(), nullable=True),
    sa.Column("opened_at", UtcDateTime(), nullable=True),
    sa.Column("opened_by", sa.String(length=16), nullable=True),
    sa.Column("updated_at", UtcDateTime(), nullable=False, server_default=sa.func.now()),
    sa.CheckConstraint("id = 1", name="single_row"),
    sa.CheckConstraint(
        "maintenance_mode IN ('off', 'read-only', 'full')", name="maintenance_mode_known"
    ),
)


def start_mappers() -> None:
    """The window is read with Core queries on the hot path; no class is mapped."""
