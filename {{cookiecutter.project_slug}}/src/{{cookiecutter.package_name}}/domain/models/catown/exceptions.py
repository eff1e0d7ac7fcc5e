"""Catown's failures in the town's own words; the messages are the ones its clients read.

Every one is a RuleViolation (400): the original API answered 400 for an unknown house and for a
full one, and its clients rely on that, so unknown cats and houses answer alike here.
"""

from __future__ import annotations

from uuid import UUID

from ...exceptions import RuleViolation


class NoSuchHouse(RuleViolation):
    """The request names a house the town does not have."""

    template = "No such house with id {house_id}"

    def __init__(self, house_id: UUID) -> None:
        super().__init__(self.template.format(house_id=house_id))
        self.house_id = house_id


class NoSuchHouseToList(NoSuchHouse):
    """The same, in the words the original GET /cats used (its clients match them)."""

    template = "No such house {house_id}"


class NoSuchCat(RuleViolation):
    """The request names a cat the town does not have."""

    def __init__(self, cat_id: UUID) -> None:
        super().__init__(f"No such cat with id {cat_id}")
        self.cat_id = cat_id


class NotEnoughRoom(RuleViolation):
    """The house already holds as many cats as it can."""

    template = "Not enough room in house {house_id}"

    def __init__(self, house_id: UUID) -> None:
        super().__init__(self.template.format(house_id=house_id))
        self.house_id = house_id


class NotEnoughRoomForTransfer(NotEnoughRoom):
    """The same, in the words the original transfer used (its clients match them)."""

    template = "Not enough room in {house_id} House"


class AlreadyLivesThere(RuleViolation):
    """A cat cannot move to the house it lives in."""

    def __init__(self, cat_id: UUID, house_id: UUID) -> None:
        super().__init__(f"Cat {cat_id} already lives in house {house_id}")
        self.cat_id = cat_id
        self.house_id = house_id


class HouseWithRoomExists(RuleViolation):
    """A new house is built only when every house is full."""

    def __init__(self, house_id: UUID) -> None:
        super().__init__(f"There's already a valid house with id {house_id}")
        self.house_id = house_id


class InvalidCatName(RuleViolation):
    """A cat's name has 1 to 20 characters and is not only spaces."""

    def __init__(self, name: str, max_length: int) -> None:
        super().__init__(
            f"A cat's name must have 1 to {max_length} characters and not only spaces; "
            f"got {len(name)} characters"
        )
        self.name = name
