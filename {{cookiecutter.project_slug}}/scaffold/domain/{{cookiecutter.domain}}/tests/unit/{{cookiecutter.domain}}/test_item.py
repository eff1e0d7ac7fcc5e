"""Item: its name and quantity rules, and withdrawing stock."""

import unittest
from uuid import uuid4

from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.exceptions import (
    InvalidItem,
    NotEnoughInStock,
)
from {{ cookiecutter.package_name }}.domain.models.{{ cookiecutter.domain }}.item import (
    NAME_MAX_LENGTH,
    Item,
)


class NewItemTest(unittest.TestCase):
    def test_a_new_item_has_an_id_of_its_own_and_a_trimmed_name(self) -> None:
        first, second = Item.create("  Lamp ", 2), Item.create("Lamp", 2)
        self.assertNotEqual(first.id, second.id)
        self.assertEqual((first.name, first.quantity), ("Lamp", 2))

    def test_a_new_item_has_nothing_in_stock_unless_told(self) -> None:
        self.assertEqual(Item.create("Lamp").quantity, 0)

    def test_a_blank_name_is_refused(self) -> None:
        for name in ("", "   "):
            with self.subTest(name=name), self.assertRaises(InvalidItem):
                Item.create(name)

    def test_a_name_may_be_as_long_as_the_maximum_and_no_longer(self) -> None:
        self.assertEqual(len(Item.create("x" * NAME_MAX_LENGTH).name), NAME_MAX_LENGTH)
        with self.assertRaises(InvalidItem):
            Item.create("x" * (NAME_MAX_LENGTH + 1))

    def test_a_negative_quantity_is_refused(self) -> None:
        with self.assertRaises(InvalidItem) as raised:
            Item(uuid4(), "Lamp", -1)
        self.assertIn("got -1", raised.exception.message)


class WithdrawTest(unittest.TestCase):
    def test_withdrawing_lowers_the_stock(self) -> None:
        item = Item.create("Lamp", 5)
        item.withdraw(2)
        item.withdraw(3)
        self.assertEqual(item.quantity, 0)

    def test_withdrawing_more_than_is_in_stock_is_refused_and_changes_nothing(self) -> None:
        item = Item.create("Lamp", 2)
        with self.assertRaises(NotEnoughInStock) as raised:
            item.withdraw(3)
        self.assertEqual(item.quantity, 2)
        self.assertEqual((raised.exception.in_stock, raised.exception.asked), (2, 3))

    def test_an_amount_below_one_is_refused(self) -> None:
        item = Item.create("Lamp", 2)
        for amount in (0, -1):
            with self.subTest(amount=amount), self.assertRaises(InvalidItem):
                item.withdraw(amount)
        self.assertEqual(item.quantity, 2)
