"""The Catown workload every benchmark script drives: the data it seeds and what requests carry."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from natures import NATURES

DATABASE_SCRIPT = Path(__file__).resolve().parent / "database.py"

# The endpoints, as the reports name them, in the order they are measured.
HOUSES = "GET /houses"
CATS = "GET /cats?house_id="
ADD_CAT = "POST /add_cat"
ENDPOINTS = (HOUSES, CATS, ADD_CAT)
HOUSES_PATH = "/houses"
CATS_PATH = "/cats"
ADD_CAT_PATH = "/add_cat"

# The reads' data: this many houses, house i holding i % 5 cats (see database.py seed).
READ_HOUSES = 100
# A house's capacity: the cat that fills a house makes add_cat check, under the vacancy lock,
# that another house has room (the keep-a-free-house rule), so one call in four does.
CATS_PER_HOUSE = 4
# Requests before the measured ones in the in-process scripts: first-request work (imports,
# caches, the first connections) is not what a request costs.
WARM_UP_REQUESTS = 20
# Variables the generated app reads that would change its answers if inherited from the caller's
# environment: with API_KEY set, every Catown request without the Api-Key header answers 401.
ANSWER_CHANGING_VARIABLES = ("API_KEY",)


@dataclass(frozen=True)
class Town:
    """The ids of a freshly seeded town: the houses holding cats, then the empty ones."""

    with_cats: list[str]
    empty: list[str]


def seed(python: str, database_url: str, houses: int, empty_houses: int) -> Town:
    """Catown's tables emptied and filled afresh by database.py, run with `python` (psycopg2)."""
    command = [python, str(DATABASE_SCRIPT), "seed", database_url, str(houses), str(empty_houses)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise SystemExit(f"seeding failed ({result.returncode}):\n{result.stderr}")
    ids = json.loads(result.stdout)
    return Town(ids["with_cats"], ids["empty"])


def empty_houses_for(add_cats: int) -> int:
    """Empty houses enough for `add_cats` calls of house_for_cat(spread=1), one to spare."""
    return add_cats // CATS_PER_HOUSE + 1


def house_with_cats(number: int, town: Town) -> str:
    """The house the cats request `number` lists: each of the houses with cats in turn."""
    return town.with_cats[number % len(town.with_cats)]


def house_for_cat(number: int, town: Town, spread: int = 1) -> str:
    """The empty house that add_cat request `number` fills, CATS_PER_HOUSE cats each.

    The houses of a block of `spread` take their cats in turn, so that concurrent requests
    rarely wait on the same house's row lock; once the houses run out, the last one takes the
    rest (and refuses them, full).
    """
    block, turn = divmod(number, CATS_PER_HOUSE * spread)
    return town.empty[min(block * spread + turn % spread, len(town.empty) - 1)]


def cat_body(number: int, house_id: str) -> dict[str, object]:
    """add_cat's JSON body: a valid cat, its nature cycling through all six."""
    return {
        "name": f"Cat {number}",
        "birthdate": "2015-3-7",
        "nature": NATURES[number % len(NATURES)],
        "house_id": house_id,
    }
