"""{{ cookiecutter.title }}'s failures, each of the kind that says how the API answers it."""

from __future__ import annotations

from uuid import UUID

from ...exceptions import Conflict, NotFound, RuleViolation


class InvalidItem(RuleViolation):
    """An item's name or quantity, or an amount asked of it, breaks the rules (400)."""


class NoSuchItem(NotFound):
    """The request names an item that does not exist (404)."""

    def __init__(self, item_id: UUID) -> None:
        super().__init__(f"No item with id {item_id}")
        self.item_id = item_id


class NotEnoughInStock(Conflict):
    """More is asked of an item than it has in stock (409); the stock is left as it was."""

    def __init__(self, item_id: UUID, in_stock: int, asked: int) -> None:
        super().__init__(f"Item {item_id} has {in_stock} in stock; {asked} were asked for")
        self.item_id = item_id
        self.in_stock = in_stock
        self.asked = asked
