"""The ports {{ cookiecutter.title }}'s use cases need: its repository and its Unit of Work."""

from __future__ import annotations

import abc
from uuid import UUID

from ...domain.models.{{ cookiecutter.domain }}.item import Item
from ..unit_of_work import UnitOfWork


class ItemRepository(abc.ABC):
    """The items kept, loaded as entities and written when the unit of work commits."""

    @abc.abstractmethod
    def add(self, item: Item) -> None:
        """Keep a new item (written when the unit of work commits)."""

    @abc.abstractmethod
    def get(self, item_id: UUID) -> Item | None:
        """The item, or None when there is no such item."""

    @abc.abstractmethod
    def get_for_update(self, item_id: UUID) -> Item | None:
        """The item held for this unit of work alone, or None when there is no such item.

        No other unit of work changes it until this one ends, so a rule checked on it (enough
        in stock) still holds when the change is written.
        """

    @abc.abstractmethod
    def page(self, offset: int, limit: int) -> list[Item]:
        """At most limit items, by name, after skipping offset of them."""


class ItemUnitOfWork(UnitOfWork):
    """One atomic change to {{ cookiecutter.title }}."""

    items: ItemRepository
