"""{{ cookiecutter.title }}'s repository and Unit of Work on SQLAlchemy."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.models.{{ cookiecutter.domain }}.item import Item
from ...services.{{ cookiecutter.domain }}.ports import ItemRepository, ItemUnitOfWork
from ..mappers.{{ cookiecutter.domain }} import items_table
from .unit_of_work import SqlAlchemyUnitOfWork


class SqlAlchemyItemRepository(ItemRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: Item) -> None:
        self._session.add(item)

    def get(self, item_id: UUID) -> Item | None:
        return self._session.get(Item, item_id)

    def get_for_update(self, item_id: UUID) -> Item | None:
        # SELECT ... FOR UPDATE: the row stays locked until the unit of work ends.
        return self._session.get(Item, item_id, with_for_update=True)

    def page(self, offset: int, limit: int) -> list[Item]:
        statement = (
            select(Item).order_by(items_table.c.name, items_table.c.id).offset(offset).limit(limit)
        )
        return list(self._session.scalars(statement))


class SqlAlchemyItemUnitOfWork(SqlAlchemyUnitOfWork, ItemUnitOfWork):
    def _start(self, session: Session) -> None:
        self.items = SqlAlchemyItemRepository(session)
