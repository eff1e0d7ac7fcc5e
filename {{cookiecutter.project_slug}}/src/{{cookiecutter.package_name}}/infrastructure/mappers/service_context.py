"""The service_context table: one row holding the maintenance state all instances share."""

import sqlalchemy as sa

from ..databases.metadata import metadata

service_context_table = sa.Table(
    "service_context",
    metadata,
    sa.Column("id", sa.SmallInteger(), primary_key=True),
    sa.Column("maintenance_mode", sa.String(length=16), nullable=False, server_default="off"),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("expected_end", sa.DateTime(timezone=True), nullable=True),
    sa.Column(
        "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.CheckConstraint("id = 1", name="single_row"),
)


def start_mappers() -> None:
    """The maintenance state is read with Core queries; no class is mapped."""
