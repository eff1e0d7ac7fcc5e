"""Imperative mappings of domain classes to tables: each module here maps one bounded context.

Every module defines its tables on the shared metadata and a ``start_mappers()`` function.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from sqlalchemy import Table
from sqlalchemy.orm import configure_mappers

from ..databases.metadata import metadata

_started = False


def mapper_modules() -> list[ModuleType]:
    """Import every mapper module, which also puts its tables on the shared metadata."""
    return [
        importlib.import_module(f"{__name__}.{module.name}")
        for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name)
    ]


def tables_of(module_name: str) -> list[Table]:
    """The tables one mapper module defines (service_context, or a domain's), parents first."""
    module = importlib.import_module(f"{__name__}.{module_name}")
    defined = {id(value) for value in vars(module).values() if isinstance(value, Table)}
    # The metadata's order puts a table after every table it refers to.
    return [table for table in metadata.sorted_tables if id(table) in defined]


def start_mappers() -> None:
    """Map every domain class once per process; later calls do nothing."""
    global _started  # noqa: PLW0603 - SQLAlchemy mappings are process-wide by nature
    if _started:
        return
    for module in mapper_modules():
        module.start_mappers()
    # Now rather than on a worker's first use of the ORM, which would wait for it.
    configure_mappers()
    _started = True
