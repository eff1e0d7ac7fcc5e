"""Item: a named thing kept in stock. Its name is never blank and its quantity never negative."""

from __future__ import annotations

from uuid import UUID, uuid4

from .exceptions import InvalidItem, NotEnoughInStock

NAME_MAX_LENGTH = 100


class Item:
    """An item and how many of it are in stock; every change of the stock goes through here."""

    def __init__(self, id: UUID, name: str, quantity: int) -> None:
        name = name.strip()
        if not name or len(name) > NAME_MAX_LENGTH:
            raise InvalidItem(
                f"An item's name has 1 to {NAME_MAX_LENGTH} characters besides surrounding "
                f"spaces; got {len(name)}"
            )
        if quantity < 0:
            raise InvalidItem(f"An item's quantity is 0 or more; got {quantity}")
        self.id = id
        self.name = name
        self.quantity = quantity

    @classmethod
    def create(cls, name: str, quantity: int = 0) -> Item:
        """A new item, with an id of its own."""
        return cls(uuid4(), name, quantity)

    def withdraw(self, amount: int) -> None:
        """Take amount out of stock; refused, changing nothing, when fewer are in stock."""
        if amount < 1:
            raise InvalidItem(f"The amount to withdraw is 1 or more; got {amount}")
        if amount > self.quantity:
            raise NotEnoughInStock(self.id, self.quantity, amount)
        self.quantity -= amount

    def __repr__(self) -> str:
        return f"Item(id={self.id!s}, name={self.name!r}, quantity={self.quantity})"
