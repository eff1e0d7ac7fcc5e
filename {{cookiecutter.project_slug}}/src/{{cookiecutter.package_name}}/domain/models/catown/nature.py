"""Nature: a cat's temperament, and how much each temperament enjoys living with each other."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum


class Nature(Enum):
    """The six natures. Clients send the NAME and are shown the label."""

    LEADER_OF_THE_GANG = 1
    NINJA_INVESTIGATOR = 2
    PARTY_GOING = 3
    LONE_TIGER = 4
    COMFORT_CONNAISSEUR = 5
    BUSY_GOSSIP = 6

    # Members are singletons compared by identity: hash them by identity too, in C. Enum's own
    # __hash__ is Python code, and a listing of the town looks up a pair table per resident pair.
    __hash__ = object.__hash__

    @property
    def label(self) -> str:
        return LABELS[self]

    def relation(self, other: Nature) -> Decimal:
        """How much a cat of this nature enjoys living with a cat of the other (directed)."""
        return AFFINITY.get((self, other), NO_AFFINITY)

    def coexistence_with(self, other: Nature) -> Decimal:
        """What two cats of these natures add to their house's coefficient (symmetric)."""
        return COEXISTENCE[self, other]


LABELS: dict[Nature, str] = {
    Nature.LEADER_OF_THE_GANG: "leader of the gang",
    Nature.NINJA_INVESTIGATOR: "ninja investigator",
    Nature.PARTY_GOING: "party going",
    Nature.LONE_TIGER: "lone tiger",
    Nature.COMFORT_CONNAISSEUR: "comfort connaisseur",
    Nature.BUSY_GOSSIP: "busy gossip",
}

NO_AFFINITY = Decimal(0)

# Decimals, not floats: a house's coefficient is a sum of these and must come out exact.
# (self, other) -> relation; a pair that is not listed is 0.
AFFINITY: dict[tuple[Nature, Nature], Decimal] = {
    (Nature.LEADER_OF_THE_GANG, Nature.LEADER_OF_THE_GANG): Decimal("-0.25"),
    (Nature.LEADER_OF_THE_GANG, Nature.NINJA_INVESTIGATOR): Decimal("0.4"),
    (Nature.LEADER_OF_THE_GANG, Nature.PARTY_GOING): Decimal("0.3"),
    (Nature.LEADER_OF_THE_GANG, Nature.LONE_TIGER): Decimal("-0.2"),
    (Nature.NINJA_INVESTIGATOR, Nature.LEADER_OF_THE_GANG): Decimal("0.15"),
    (Nature.NINJA_INVESTIGATOR, Nature.PARTY_GOING): Decimal("0.3"),
    (Nature.NINJA_INVESTIGATOR, Nature.LONE_TIGER): Decimal("0.1"),
    (Nature.PARTY_GOING, Nature.PARTY_GOING): Decimal("0.2"),
    (Nature.PARTY_GOING, Nature.LONE_TIGER): Decimal("-0.1"),
    (Nature.PARTY_GOING, Nature.BUSY_GOSSIP): Decimal("0.2"),
    (Nature.LONE_TIGER, Nature.LEADER_OF_THE_GANG): Decimal("-0.5"),
    (Nature.LONE_TIGER, Nature.NINJA_INVESTIGATOR): Decimal("0.05"),
    (Nature.COMFORT_CONNAISSEUR, Nature.LEADER_OF_THE_GANG): Decimal("-0.5"),
    (Nature.COMFORT_CONNAISSEUR, Nature.LONE_TIGER): Decimal("0.1"),
    (Nature.BUSY_GOSSIP, Nature.LEADER_OF_THE_GANG): Decimal("0.2"),
    (Nature.BUSY_GOSSIP, Nature.PARTY_GOING): Decimal("0.5"),
    (Nature.BUSY_GOSSIP, Nature.LONE_TIGER): Decimal("-0.05"),
    (Nature.BUSY_GOSSIP, Nature.COMFORT_CONNAISSEUR): Decimal("-0.08"),
    (Nature.BUSY_GOSSIP, Nature.BUSY_GOSSIP): Decimal("0.05"),
}

# (first, second) -> first.relation(second) + second.relation(first), for every pair: computed
# once, since a listing of the town sums it over every pair of residents of every house.
COEXISTENCE: dict[tuple[Nature, Nature], Decimal] = {
    (first, second): first.relation(second) + second.relation(first)
    for first in Nature
    for second in Nature
}
