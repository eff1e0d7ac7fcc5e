"""{{ cookiecutter.title }}: the items table.

Revision ID: 0001_{{ cookiecutter.domain }}
Revises:
Branch: {{ cookiecutter.domain }}, depending on 0001_core
Create Date: {% now 'utc', '%Y-%m-%d' %}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_{{ cookiecutter.domain }}"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("{{ cookiecutter.domain }}",)
depends_on: str | Sequence[str] | None = "0001_core"


def upgrade() -> None:
    op.create_table(
        "{{ cookiecutter.domain }}_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quantity >= 0",
            name=op.f("ck_{{ cookiecutter.domain }}_items_quantity_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ cookiecutter.domain }}_items")),
    )
    op.create_index(
        op.f("ix_{{ cookiecutter.domain }}_items_name_id"),
        "{{ cookiecutter.domain }}_items",
        ["name", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_{{ cookiecutter.domain }}_items_name_id"),
        table_name="{{ cookiecutter.domain }}_items",
    )
    op.drop_table("{{ cookiecutter.domain }}_items")
