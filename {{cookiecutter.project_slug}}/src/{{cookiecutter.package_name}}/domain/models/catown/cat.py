"""Cat: a named cat with a birthday and a nature, living in one house."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from .exceptions import InvalidCatName
from .nature import Nature

NAME_MAX_LENGTH = 20


class Cat:
    """A cat of the town. Which house it lives in is the house's business (House.cats)."""

    def __init__(self, id: UUID, name: str, birthdate: date, nature: Nature) -> None:
        if not name.strip() or len(name) > NAME_MAX_LENGTH:
            raise InvalidCatName(name, NAME_MAX_LENGTH)
        self.id = id
        self.name = name
        self.birthdate = birthdate
        self.nature = nature

    @classmethod
    def adopt(cls, name: str, birthdate: date, nature: Nature) -> Cat:
        """A cat new to the town, with an id of its own."""
        return cls(uuid4(), name, birthdate, nature)

    def coexistence_with(self, other: Cat) -> Decimal:
        return self.nature.coexistence_with(other.nature)

    def __repr__(self) -> str:
        return f"Cat(id={self.id!s}, name={self.name!r}, nature={self.nature.name})"
