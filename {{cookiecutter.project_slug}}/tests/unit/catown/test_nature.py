"""Nature: the affinity table, the pair coefficient for every pair, names and labels."""

import unittest
from decimal import Decimal
from itertools import combinations_with_replacement

from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature

L, N, P, T, C, G = (
    Nature.LEADER_OF_THE_GANG,
    Nature.NINJA_INVESTIGATOR,
    Nature.PARTY_GOING,
    Nature.LONE_TIGER,
    Nature.COMFORT_CONNAISSEUR,
    Nature.BUSY_GOSSIP,
)
ORDER = (L, N, P, T, C, G)

# The table of the rules, row = self, column = other, typed in again rather than imported.
TABLE = (
    ("-0.25", "0.4", "0.3", "-0.2", "0", "0"),
    ("0.15", "0", "0.3", "0.1", "0", "0"),
    ("0", "0", "0.2", "-0.1", "0", "0.2"),
    ("-0.5", "0.05", "0", "0", "0", "0"),
    ("-0.5", "0", "0", "0.1", "0", "0"),
    ("0.2", "0", "0.5", "-0.05", "-0.08", "0.05"),
)

# relation(a, b) + relation(b, a), worked out by hand for all 21 unordered pairs.
PAIRS = {
    (L, L): "-0.5",
    (L, N): "0.55",
    (L, P): "0.3",
    (L, T): "-0.7",
    (L, C): "-0.5",
    (L, G): "0.2",
    (N, N): "0",
    (N, P): "0.3",
    (N, T): "0.15",
    (N, C): "0",
    (N, G): "0",
    (P, P): "0.4",
    (P, T): "-0.1",
    (P, C): "0",
    (P, G): "0.7",
    (T, T): "0",
    (T, C): "0.1",
    (T, G): "-0.05",
    (C, C): "0",
    (C, G): "-0.08",
    (G, G): "0.1",
}


class AffinityTableTest(unittest.TestCase):
    def test_every_directed_relation_is_the_one_in_the_rules(self) -> None:
        for row, first in enumerate(ORDER):
            for column, second in enumerate(ORDER):
                with self.subTest(row=first.name, column=second.name):
                    self.assertEqual(first.relation(second), Decimal(TABLE[row][column]))

    def test_the_relation_is_directed(self) -> None:
        self.assertEqual(L.relation(N), Decimal("0.4"))
        self.assertEqual(N.relation(L), Decimal("0.15"))


class PairCoexistenceTest(unittest.TestCase):
    def test_every_pair_of_natures_has_the_coefficient_of_the_rules(self) -> None:
        self.assertEqual(len(PAIRS), 21)
        for first, second in combinations_with_replacement(ORDER, 2):
            with self.subTest(first=first.name, second=second.name):
                self.assertEqual(first.coexistence_with(second), Decimal(PAIRS[first, second]))

    def test_the_pair_coefficient_is_symmetric(self) -> None:
        for first, second in combinations_with_replacement(ORDER, 2):
            with self.subTest(first=first.name, second=second.name):
                self.assertEqual(first.coexistence_with(second), second.coexistence_with(first))


class NamesAndLabelsTest(unittest.TestCase):
    def test_the_six_natures_have_the_values_and_labels_of_the_contract(self) -> None:
        expected = [
            ("LEADER_OF_THE_GANG", 1, "leader of the gang"),
            ("NINJA_INVESTIGATOR", 2, "ninja investigator"),
            ("PARTY_GOING", 3, "party going"),
            ("LONE_TIGER", 4, "lone tiger"),
            ("COMFORT_CONNAISSEUR", 5, "comfort connaisseur"),
            ("BUSY_GOSSIP", 6, "busy gossip"),
        ]
        self.assertEqual([(n.name, n.value, n.label) for n in Nature], expected)
