"""Imperative mappings of domain classes to tables: each module here maps one bounded context.

Every module defines its tables on the shared metadata and a ``start_mappers()`` function.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

_started = False


def mapper_modules() -> list[ModuleType]:
    """Import every mapper module, which also puts its tables on the shared metadata."""
    return [
        importlib.import_module(f"{__name__}.{module.name}")
        for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name)
    ]


def start_mappers() -> None:
    """Map every domain class once per process; later calls do nothing."""
    global _started  # noqa: PLW0603 - SQLAlchemy mappings are process-wide by nature
    if _started:
        return
    for module in mapper_modules():
        module.start_mappers()
    _started = True
