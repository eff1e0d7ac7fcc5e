"""Service context: the maintenance window every instance reads.

Revision ID: 0001_core
Revises:
Branch: core (the service's own tables; every domain branch depends on it)
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_core"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("core",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_context",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("maintenance_mode", sa.String(length=16), nullable=False, server_default="off"),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("expected_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.String(length=16), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_service_context_single_row")),
        sa.CheckConstraint(
            "maintenance_mode IN ('off', 'read-only', 'full')",
            name=op.f("ck_service_context_maintenance_mode_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_context")),
    )
    op.execute("INSERT INTO service_context (id, maintenance_mode) VALUES (1, 'off')")


def downgrade() -> None:
    op.drop_table("service_context")
