"""{{ cookiecutter.title }}'s use cases: create an item, read one, list them, withdraw stock."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from ...domain.models.{{ cookiecutter.domain }}.exceptions import NoSuchItem
from ...domain.models.{{ cookiecutter.domain }}.item import Item
from .ports import ItemUnitOfWork


class ItemService:
    """Each use case is one unit of work: a change commits everything or nothing."""

    def __init__(self, uow_factory: Callable[[], ItemUnitOfWork]) -> None:
        self._uow_factory = uow_factory

    def create_item(self, name: str, quantity: int) -> Item:
        """A new item; the entity refuses a blank name or a negative quantity."""
        item = Item.create(name, quantity)
        with self._uow_factory() as uow:
            uow.items.add(item)
            uow.commit()
        return item

    def get_item(self, item_id: UUID) -> Item:
        """The item; NoSuchItem when there is none."""
        with self._uow_factory() as uow:
            item = uow.items.get(item_id)
        if item is None:
            raise NoSuchItem(item_id)
        return item

    def list_items(self, offset: int, limit: int) -> list[Item]:
        """A page of the items, by name."""
        with self._uow_factory() as uow:
            return uow.items.page(offset, limit)

    def withdraw(self, item_id: UUID, amount: int) -> Item:
        """Take amount of the item out of stock, if that many are in stock."""
        with self._uow_factory() as uow:
            # Held until the commit: two withdrawals of the same item cannot both read the
            # same stock and together take more than it has.
            item = uow.items.get_for_update(item_id)
            if item is None:
                raise NoSuchItem(item_id)
            item.withdraw(amount)
            uow.commit()
        return item
