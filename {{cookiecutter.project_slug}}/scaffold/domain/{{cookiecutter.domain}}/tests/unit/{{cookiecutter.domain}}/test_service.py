"""{{ cookiecutter.title }}'s use cases on fakes: what they change, refuse and commit."""

import unittest
from uuid import uuid4

from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.exceptions import (
    InvalidItem,
    NoSuchItem,
    NotEnoughInStock,
)
from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.item import (
    Item,
)
from {{ cookiecutter.package_name }}.services.{{ cookiecutter.domain }}.service import (
    ItemService,
)

from .fakes import FakeItemUnitOfWork


class ServiceTestCase(unittest.TestCase):
    def service(self, *items: Item) -> ItemService:
        self.uow = FakeItemUnitOfWork(list(items))
        return ItemService(lambda: self.uow)


class CreateItemTest(ServiceTestCase):
    def test_the_item_is_kept_and_the_change_committed(self) -> None:
        item = self.service().create_item("Lamp", 3)
        self.assertIs(self.uow.items.items[item.id], item)
        self.assertEqual((item.name, item.quantity), ("Lamp", 3))
        self.assertEqual(self.uow.commits, 1)

    def test_an_invalid_item_is_refused_before_anything_is_kept(self) -> None:
        service = self.service()
        with self.assertRaises(InvalidItem):
            service.create_item("   ", 3)
        self.assertEqual((self.uow.items.items, self.uow.commits), ({}, 0))


class ReadItemsTest(ServiceTestCase):
    def test_an_item_is_read_by_its_id(self) -> None:
        lamp = Item.create("Lamp")
        self.assertIs(self.service(lamp, Item.create("Desk")).get_item(lamp.id), lamp)

    def test_an_unknown_id_is_refused(self) -> None:
        unknown = uuid4()
        with self.assertRaises(NoSuchItem) as raised:
            self.service(Item.create("Lamp")).get_item(unknown)
        self.assertEqual(raised.exception.message, f"No item with id {unknown}")

    def test_items_are_listed_by_name_a_page_at_a_time(self) -> None:
        service = self.service(*(Item.create(name) for name in ("Desk", "Bed", "Lamp", "Chair")))
        pages = [service.list_items(offset, 2) for offset in (0, 2, 4)]
        names = [[item.name for item in page] for page in pages]
        self.assertEqual(names, [["Bed", "Chair"], ["Desk", "Lamp"], []])


class WithdrawTest(ServiceTestCase):
    def test_the_stock_is_lowered_and_the_change_committed(self) -> None:
        lamp = Item.create("Lamp", 5)
        self.assertEqual(self.service(lamp).withdraw(lamp.id, 2).quantity, 3)
        self.assertEqual(self.uow.commits, 1)

    def test_withdrawing_more_than_is_in_stock_commits_nothing(self) -> None:
        lamp = Item.create("Lamp", 1)
        with self.assertRaises(NotEnoughInStock):
            self.service(lamp).withdraw(lamp.id, 2)
        self.assertEqual((lamp.quantity, self.uow.commits), (1, 0))

    def test_withdrawing_from_an_unknown_item_is_refused(self) -> None:
        with self.assertRaises(NoSuchItem):
            self.service().withdraw(uuid4(), 1)
        self.assertEqual(self.uow.commits, 0)
