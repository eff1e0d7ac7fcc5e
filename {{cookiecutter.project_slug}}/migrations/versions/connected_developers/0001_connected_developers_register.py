"""Connected developers: the register of realtime checks.

Revision ID: 0001_connected_developers
Revises:
Branch: connected_developers, depending on 0001_core
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_connected_developers"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("connected_developers",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "connected_developers_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("first_developer", sa.String(length=39), nullable=False),
        sa.Column("second_developer", sa.String(length=39), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("organisations", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connected_developers_checks")),
    )
    op.create_index(
        op.f("ix_connected_developers_checks_pair"),
        "connected_developers_checks",
        ["first_developer", "second_developer", "registered_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_connected_developers_checks_pair"), table_name="connected_developers_checks"
    )
    op.drop_table("connected_developers_checks")
