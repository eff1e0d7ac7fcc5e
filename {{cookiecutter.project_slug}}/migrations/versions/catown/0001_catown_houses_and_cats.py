"""Catown: houses and the cats that live in them, each house counting its residents.

Revision ID: 0001_catown
Revises:
Branch: catown, depending on 0001_core
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_catown"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("catown",)
depends_on: str | Sequence[str] | None = "0001_core"

# The natures as they were when this revision was written (a migration never imports the domain).
NATURES = (
    "LEADER_OF_THE_GANG",
    "NINJA_INVESTIGATOR",
    "PARTY_GOING",
    "LONE_TIGER",
    "COMFORT_CONNAISSEUR",
    "BUSY_GOSSIP",
)
HOUSE_CAPACITY = 4

# Optimisation: catown_houses.resident_count is kept by the database: a trigger counts every cat
# in or out, in the same transaction, whoever writes. It lets the keep-a-free-house check find a
# house with room through an index, where counting every house's cats costs the whole town under
# one lock. The plain way: no column and no trigger; count the cats when the check runs.
POSTGRESQL_COUNTING = [
    """
    CREATE FUNCTION catown_count_residents() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.house_id = NEW.house_id THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE catown_houses SET resident_count = resident_count - 1 WHERE id = OLD.house_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            UPDATE catown_houses SET resident_count = resident_count + 1 WHERE id = NEW.house_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER catown_cats_count_residents
    AFTER INSERT OR DELETE OR UPDATE OF house_id ON catown_cats
    FOR EACH ROW EXECUTE FUNCTION catown_count_residents()
    """,
]
POSTGRESQL_UNCOUNTING = [
    "DROP TRIGGER catown_cats_count_residents ON catown_cats",
    "DROP FUNCTION catown_count_residents()",
]
SQLITE_COUNTING = [
    """
    CREATE TRIGGER catown_cats_moved_in AFTER INSERT ON catown_cats
    BEGIN
        UPDATE catown_houses SET resident_count = resident_count + 1 WHERE id = NEW.house_id;
    END
    """,
    """
    CREATE TRIGGER catown_cats_moved_out AFTER DELETE ON catown_cats
    BEGIN
        UPDATE catown_houses SET resident_count = resident_count - 1 WHERE id = OLD.house_id;
    END
    """,
    """
    CREATE TRIGGER catown_cats_moved AFTER UPDATE OF house_id ON catown_cats
    WHEN OLD.house_id <> NEW.house_id
    BEGIN
        UPDATE catown_houses SET resident_count = resident_count - 1 WHERE id = OLD.house_id;
        UPDATE catown_houses SET resident_count = resident_count + 1 WHERE id = NEW.house_id;
    END
    """,
]
SQLITE_UNCOUNTING = [
    "DROP TRIGGER catown_cats_moved_in",
    "DROP TRIGGER catown_cats_moved_out",
    "DROP TRIGGER catown_cats_moved",
]


def run_for_dialect(statements: dict[str, list[str]]) -> None:
    dialect = op.get_context().dialect.name
    if dialect not in statements:
        raise NotImplementedError(
            f"Catown counts residents with triggers written for {' and '.join(statements)}, "
            f"not for {dialect}: add them here for {dialect}."
        )
    for statement in statements[dialect]:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "catown_houses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("resident_count", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            f"resident_count >= 0 AND resident_count <= {HOUSE_CAPACITY}",
            name=op.f("ck_catown_houses_resident_count_within_capacity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catown_houses")),
    )
    op.create_index(
        op.f("ix_catown_houses_resident_count_id"),
        "catown_houses",
        ["resident_count", "id"],
        unique=False,
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
    run_for_dialect({"postgresql": POSTGRESQL_COUNTING, "sqlite": SQLITE_COUNTING})


def downgrade() -> None:
    run_for_dialect({"postgresql": POSTGRESQL_UNCOUNTING, "sqlite": SQLITE_UNCOUNTING})
    op.drop_index(op.f("ix_catown_cats_house_id"), table_name="catown_cats")
    op.drop_table("catown_cats")
    op.drop_index(op.f("ix_catown_houses_resident_count_id"), table_name="catown_houses")
    op.drop_table("catown_houses")
