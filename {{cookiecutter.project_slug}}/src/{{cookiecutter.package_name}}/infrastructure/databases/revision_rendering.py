"""How autogenerate writes the project's own column types into a revision: imported by name."""

from __future__ import annotations

from typing import Any, Literal

from alembic.autogenerate.api import AutogenContext

PACKAGE = __name__.split(".", 1)[0]


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """`UtcDateTime(timezone=True)` and its import, where Alembic would write a dotted path."""
    if type_ != "type":
        return False
    kind = type(obj)
    if not kind.__module__.startswith(f"{PACKAGE}."):
        return False  # SQLAlchemy's and the dialects' types: Alembic's own rendering
    autogen_context.imports.add(f"from {kind.__module__} import {kind.__qualname__}")
    return repr(obj)
