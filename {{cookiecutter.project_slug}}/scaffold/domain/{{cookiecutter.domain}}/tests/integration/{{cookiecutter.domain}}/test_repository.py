"""The repository and Unit of Work on PostgreSQL: what is written, what is read back."""

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.item import (
    Item,
)
from {{ cookiecutter.package_name }}.infrastructure.mappers.{{ cookiecutter.domain }} import (
    items_table,
)
from {{ cookiecutter.package_name }}.infrastructure.repositories.{{ cookiecutter.domain }} import (
    SqlAlchemyItemUnitOfWork,
)

from ...support.cases import DatabaseTestCase


class ItemUnitOfWorkTest(DatabaseTestCase):
    def uow(self) -> SqlAlchemyItemUnitOfWork:
        """A Unit of Work of its own, as one request has."""
        return SqlAlchemyItemUnitOfWork(self.session_factory)

    def keep(self, *items: Item) -> None:
        with self.uow() as uow:
            for item in items:
                uow.items.add(item)
            uow.commit()

    def test_a_committed_item_is_read_back(self) -> None:
        lamp = Item.create("Lamp", 3)
        self.keep(lamp)
        with self.uow() as uow:
            loaded = uow.items.get(lamp.id)
        assert loaded is not None
        self.assertEqual((loaded.id, loaded.name, loaded.quantity), (lamp.id, "Lamp", 3))

    def test_leaving_without_commit_writes_nothing(self) -> None:
        with self.uow() as uow:
            uow.items.add(Item.create("Lamp"))
        with self.uow() as uow:
            self.assertEqual(uow.items.page(0, 10), [])

    def test_a_change_to_a_held_item_is_written_on_commit(self) -> None:
        lamp = Item.create("Lamp", 3)
        self.keep(lamp)
        with self.uow() as uow:
            held = uow.items.get_for_update(lamp.id)
            assert held is not None
            held.withdraw(2)
            uow.commit()
        with self.uow() as uow:
            loaded = uow.items.get(lamp.id)
        self.assertEqual(loaded.quantity if loaded else None, 1)

    def test_pages_come_by_name(self) -> None:
        self.keep(*(Item.create(name) for name in ("Desk", "Bed", "Lamp")))
        with self.uow() as uow:
            pages = [[item.name for item in uow.items.page(offset, 2)] for offset in (0, 2)]
        self.assertEqual(pages, [["Bed", "Desk"], ["Lamp"]])

    def test_the_database_refuses_a_negative_quantity_too(self) -> None:
        row = {"id": Item.create("Lamp").id, "name": "Lamp", "quantity": -1}
        with self.assertRaises(IntegrityError), self.engine.begin() as connection:
            connection.execute(insert(items_table).values(**row))
