"""In-memory fakes of {{ cookiecutter.title }}'s ports: the use cases without a database."""

from __future__ import annotations

from uuid import UUID

from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.item import (
    Item,
)
from {{ cookiecutter.package_name }}.services.{{ cookiecutter.domain }}.ports import (
    ItemRepository,
    ItemUnitOfWork,
)


class FakeItemRepository(ItemRepository):
    def __init__(self, items: list[Item]) -> None:
        self.items = {item.id: item for item in items}

    def add(self, item: Item) -> None:
        self.items[item.id] = item

    def get(self, item_id: UUID) -> Item | None:
        return self.items.get(item_id)

    def get_for_update(self, item_id: UUID) -> Item | None:
        return self.items.get(item_id)

    def page(self, offset: int, limit: int) -> list[Item]:
        ordered = sorted(self.items.values(), key=lambda item: (item.name, item.id))
        return ordered[offset : offset + limit]


class FakeItemUnitOfWork(ItemUnitOfWork):
    """Counts commits; the use cases refuse before they change anything, so rollback is empty."""

    items: FakeItemRepository

    def __init__(self, items: list[Item] | None = None) -> None:
        self.items = FakeItemRepository(items or [])
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        pass
