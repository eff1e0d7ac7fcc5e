"""Catown: houses and the cats that live in them.

Revision ID: 0002_catown
Revises: 0001_service_context
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_catown"
down_revision: str | Sequence[str] | None = "0001_service_context"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The natures as they were when this revision was written (a migration never imports the domain).
NATURES = (
    "LEADER_OF_THE_GANG",
    "NINJA_INVESTIGATOR",
    "PARTY_GOING",
    "LONE_TIGER",
    "COMFORT_CONNAISSEUR",
    "BUSY_GOSSIP",
)


def upgrade() -> None:
    op.create_table(
        "catown_houses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catown_houses")),
    )
    op.create_table(
        "catown_cats",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("birthdate", sa.Date(), nullable=False),
        sa.Column("nature", sa.String(length=32), nullable=False),
        sa.Column("house_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "nature IN (" + ", ".join(f"'{nature}'" for nature in NATURES) + ")",
            name=op.f("ck_catown_cats_known_nature"),
        ),
        sa.ForeignKeyConstraint(
            ["house_id"],
            ["catown_houses.id"],
            name=op.f("fk_catown_cats_house_id_catown_houses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catown_cats")),
    )
    op.create_index(op.f("ix_catown_cats_house_id"), "catown_cats", ["house_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_catown_cats_house_id"), table_name="catown_cats")
    op.drop_table("catown_cats")
    op.drop_table("catown_houses")
