"""What Catown's use cases answer: plain values; listings give ids as their UUIDs' text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from ...domain.models.catown.cat import Cat
from ...domain.models.catown.nature import Nature


@dataclass(frozen=True)
class HouseSummary:
    id: str
    count: int
    coex: Decimal


@dataclass(frozen=True)
class CatSummary:
    id: str
    name: str
    birthdate: date
    nature: Nature

    @classmethod
    def of(cls, cat: Cat) -> CatSummary:
        return cls(id=str(cat.id), name=cat.name, birthdate=cat.birthdate, nature=cat.nature)


@dataclass(frozen=True)
class CatAdded:
    cat_id: UUID
    house_id: UUID
    count: int
    # The empty house built because this cat filled the last house with room, if it did.
    new_home_id: UUID | None = None


@dataclass(frozen=True)
class CatTransferred:
    cat_id: UUID
    house_id: UUID
