"""House: holds up to four cats; its coexistence coefficient says how well they get along."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from itertools import combinations
from uuid import UUID, uuid4

from .cat import Cat
from .exceptions import AlreadyLivesThere, NoSuchCat, NotEnoughRoom, NotEnoughRoomForTransfer
from .nature import COEXISTENCE, Nature

HOUSE_CAPACITY = 4


def coexistence_of(natures: Iterable[Nature]) -> Decimal:
    """The pair coexistence summed over every pair of these residents; 0 with fewer than two.

    What a house's coefficient is, for callers that know its residents' natures but need no
    House (listing the town reads only the natures).
    """
    return _coexistence_of(tuple(natures))


# Optimisation: six natures and four residents at most make 1,555 possible houses: each is summed
# once, then listing the town looks the coefficient up instead of summing it for every house. The
# plain way: sum the pairs in House.coexistence each time it is read.
@lru_cache(maxsize=2048)
def _coexistence_of(natures: tuple[Nature, ...]) -> Decimal:
    return sum((COEXISTENCE[pair] for pair in combinations(natures, 2)), Decimal(0))


class House:
    """A house and the cats that live in it; every change of residents goes through here."""

    def __init__(self, id: UUID, cats: Iterable[Cat] = ()) -> None:
        self.id = id
        self.cats: list[Cat] = list(cats)

    @classmethod
    def build(cls) -> House:
        """A new, empty house."""
        return cls(uuid4())

    @property
    def count(self) -> int:
        return len(self.cats)

    @property
    def has_room(self) -> bool:
        return self.count < HOUSE_CAPACITY

    @property
    def coexistence(self) -> Decimal:
        """The pair coexistence summed over every pair of residents; 0 with fewer than two.

        Always recomputed from the residents (never kept incrementally), so it cannot drift and
        a cat that leaves takes exactly its own pairs with it.
        """
        return coexistence_of(cat.nature for cat in self.cats)

    def resident(self, cat_id: UUID) -> Cat | None:
        return next((cat for cat in self.cats if cat.id == cat_id), None)

    def take_in(self, cat: Cat) -> None:
        """A new cat moves in, if there is room."""
        if not self.has_room:
            raise NotEnoughRoom(self.id)
        self.cats.append(cat)

    def send(self, cat_id: UUID, destination: House) -> Cat:
        """One of the residents moves to the destination, if it has room."""
        cat = self.resident(cat_id)
        if cat is None:
            raise NoSuchCat(cat_id)
        if destination.id == self.id:
            raise AlreadyLivesThere(cat_id, self.id)
        if not destination.has_room:
            raise NotEnoughRoomForTransfer(destination.id)
        self.cats.remove(cat)
        destination.cats.append(cat)
        return cat

    def __repr__(self) -> str:
        return f"House(id={self.id!s}, count={self.count})"
