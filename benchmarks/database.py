"""Database chores of the benchmark, run with the generated project's Python (it has psycopg2).

python database.py create SERVER_URL NAME      prints the new database's URL
python database.py drop SERVER_URL NAME
python database.py seed DATABASE_URL HOUSES EMPTY_HOUSES
    empties Catown's tables and fills them with the same data every time: HOUSES houses
    holding 0 to 4 cats (house i holds i % 5), then EMPTY_HOUSES empty ones; prints the ids
    as JSON: {"with_cats": [...], "empty": [...]}.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from natures import NATURES
from psycopg2.extras import execute_values


def libpq_url(url: str) -> str:
    """psycopg2 reads postgresql:// URLs, not SQLAlchemy's postgresql+psycopg2:// ones."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def with_database(server_url: str, name: str) -> str:
    return urlunsplit(urlsplit(libpq_url(server_url))._replace(path=f"/{name}"))


def admin(server_url: str, statement: str) -> None:
    connection = psycopg2.connect(libpq_url(server_url))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def create(server_url: str, name: str) -> None:
    admin(server_url, f'CREATE DATABASE "{name}"')
    print(with_database(server_url, name))


def drop(server_url: str, name: str) -> None:
    admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(database_url: str, houses: int, empty_houses: int) -> None:
    chance = random.Random(20261121)
    house_ids = [uuid.UUID(int=chance.getrandbits(128), version=4) for _ in range(houses)]
    empty_ids = [uuid.UUID(int=chance.getrandbits(128), version=4) for _ in range(empty_houses)]
    cats = [
        (
            str(uuid.UUID(int=chance.getrandbits(128), version=4)),
            f"Cat {index}-{slot}",
            date(2010, 1, 1) + timedelta(days=chance.randrange(5000)),
            chance.choice(NATURES),
            str(house_id),
        )
        for index, house_id in enumerate(house_ids)
        for slot in range(index % 5)
    ]
    connection = psycopg2.connect(libpq_url(database_url))
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("TRUNCATE catown_cats, catown_houses")
            execute_values(
                cursor,
                "INSERT INTO catown_houses (id) VALUES %s",
                [(str(house_id),) for house_id in house_ids + empty_ids],
            )
            execute_values(
                cursor,
                "INSERT INTO catown_cats (id, name, birthdate, nature, house_id) VALUES %s",
                cats,
            )
        # Fresh statistics, so both applications get the same plans for the same data.
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catown_houses, catown_cats")
    finally:
        connection.close()
    with_cats = [str(house_id) for index, house_id in enumerate(house_ids) if index % 5]
    print(json.dumps({"with_cats": with_cats, "empty": [str(i) for i in empty_ids]}))


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "create":
        create(*args)
    elif command == "drop":
        drop(*args)
    elif command == "seed":
        seed(args[0], int(args[1]), int(args[2]))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
