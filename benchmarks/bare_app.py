"""The baseline: Catown's three benchmarked endpoints in bare Flask + psycopg2, with no layers.

It does the same work as the generated service on the same tables: the same validation with the
same answers (422 with per-field messages, 400 for the town's rules), the same row lock and
advisory lock, the keep-a-free-house rule, exact coefficients, and the same response bodies. What
it leaves out is what the architecture adds around that work: the request id and access log, the
maintenance gate, the container, the schemas and SQLAlchemy. Run it with gunicorn, reading
BARE_DATABASE_DSN (a libpq DSN or URL).
"""

from __future__ import annotations

import itertools
import os
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import Flask, Response, jsonify, request
from psycopg2.pool import ThreadedConnectionPool

AFFINITY = {
    ("LEADER_OF_THE_GANG", "LEADER_OF_THE_GANG"): Decimal("-0.25"),
    ("LEADER_OF_THE_GANG", "NINJA_INVESTIGATOR"): Decimal("0.4"),
    ("LEADER_OF_THE_GANG", "PARTY_GOING"): Decimal("0.3"),
    ("LEADER_OF_THE_GANG", "LONE_TIGER"): Decimal("-0.2"),
    ("NINJA_INVESTIGATOR", "LEADER_OF_THE_GANG"): Decimal("0.15"),
    ("NINJA_INVESTIGATOR", "PARTY_GOING"): Decimal("0.3"),
    ("NINJA_INVESTIGATOR", "LONE_TIGER"): Decimal("0.1"),
    ("PARTY_GOING", "PARTY_GOING"): Decimal("0.2"),
    ("PARTY_GOING", "LONE_TIGER"): Decimal("-0.1"),
    ("PARTY_GOING", "BUSY_GOSSIP"): Decimal("0.2"),
    ("LONE_TIGER", "LEADER_OF_THE_GANG"): Decimal("-0.5"),
    ("LONE_TIGER", "NINJA_INVESTIGATOR"): Decimal("0.05"),
    ("COMFORT_CONNAISSEUR", "LEADER_OF_THE_GANG"): Decimal("-0.5"),
    ("COMFORT_CONNAISSEUR", "LONE_TIGER"): Decimal("0.1"),
    ("BUSY_GOSSIP", "LEADER_OF_THE_GANG"): Decimal("0.2"),
    ("BUSY_GOSSIP", "PARTY_GOING"): Decimal("0.5"),
    ("BUSY_GOSSIP", "LONE_TIGER"): Decimal("-0.05"),
    ("BUSY_GOSSIP", "COMFORT_CONNAISSEUR"): Decimal("-0.08"),
    ("BUSY_GOSSIP", "BUSY_GOSSIP"): Decimal("0.05"),
}
LABELS = {
    "LEADER_OF_THE_GANG": "leader of the gang",
    "NINJA_INVESTIGATOR": "ninja investigator",
    "PARTY_GOING": "party going",
    "LONE_TIGER": "lone tiger",
    "COMFORT_CONNAISSEUR": "comfort connaisseur",
    "BUSY_GOSSIP": "busy gossip",
}
CAPACITY = 4
NAME_MAX_LENGTH = 20
VACANCY_LOCK = 0x636174_6F776E
MISSING = "Missing data for required field."
NOT_NULL = "Field may not be null."

app = Flask(__name__)
# Sync gunicorn workers serve one request at a time: one connection each is all they use.
pool = ThreadedConnectionPool(1, 4, dsn=os.environ["BARE_DATABASE_DSN"])


def coexistence(natures: list[str]) -> float:
    total = sum(
        (
            AFFINITY.get((a, b), Decimal(0)) + AFFINITY.get((b, a), Decimal(0))
            for a, b in itertools.combinations(natures, 2)
        ),
        Decimal(0),
    )
    return float(total)


def answer(body: Any, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


def refused(message: str) -> Response:
    return answer({"message": message}, 400)


def invalid(location: str, errors: dict[str, list[str]]) -> Response:
    described = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in errors.items())
    return answer({"message": f"Invalid request: {described}", "errors": {location: errors}}, 422)


# Each parser answers (value, None) or (None, the message the generated service gives).
Parsed = tuple[Any, "str | None"]


def parse_uuid(value: Any) -> Parsed:
    try:
        return uuid.UUID(value), None
    except (AttributeError, TypeError, ValueError):
        return None, "Not a valid UUID."


def parse_name(value: Any) -> Parsed:
    if not isinstance(value, str):
        return None, "Not a valid string."
    if not 1 <= len(value) <= NAME_MAX_LENGTH:
        return None, f"Length must be between 1 and {NAME_MAX_LENGTH}."
    return value, None


def parse_birthdate(value: Any) -> Parsed:
    if not isinstance(value, str):
        return None, "Not a valid date."
    try:
        return datetime.strptime(value, "%Y-%m-%d").date(), None
    except ValueError:
        return None, "Not a valid date."


def parse_nature(value: Any) -> Parsed:
    if not isinstance(value, str):
        return None, "Not a valid string."
    if value not in LABELS:
        return None, f"Must be one of: {', '.join(LABELS)}."
    return value, None


ADD_CAT_FIELDS = {
    "name": parse_name,
    "birthdate": parse_birthdate,
    "nature": parse_nature,
    "house_id": parse_uuid,
}


@app.get("/houses")
def houses() -> Response:
    connection = pool.getconn()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT h.id, array_remove(array_agg(c.nature), NULL) FROM catown_houses h "
                "LEFT JOIN catown_cats c ON c.house_id = h.id GROUP BY h.id"
            )
            rows = cursor.fetchall()
    finally:
        pool.putconn(connection)
    # Fewest cats first, then by id (as UUIDs compare: the same order as their text).
    body = [{"id": str(i), "count": len(n), "coex": coexistence(n)} for i, n in rows]
    body.sort(key=lambda house: (house["count"], house["id"]))
    return jsonify(body)


@app.get("/cats")
def cats() -> Response:
    raw = request.args.get("house_id")
    house_id, problem = (None, MISSING) if raw is None else parse_uuid(raw)
    if problem is not None:
        return invalid("query", {"house_id": [problem]})
    connection = pool.getconn()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM catown_houses WHERE id = %s", (str(house_id),))
            if cursor.fetchone() is None:
                return refused(f"No such house {house_id}")
            cursor.execute(
                "SELECT id, name, birthdate, nature FROM catown_cats WHERE house_id = %s",
                (str(house_id),),
            )
            rows = cursor.fetchall()
    finally:
        pool.putconn(connection)
    # By name then id, compared as Python does (the database's collation may order otherwise;
    # the canonical text of UUIDs sorts as the UUIDs do).
    rows.sort(key=lambda row: (row[1], row[0]))
    return jsonify(
        [
            {"id": i, "name": n, "birthdate": b.isoformat(), "nature": LABELS[t]}
            for i, n, b, t in rows
        ]
    )


@app.post("/add_cat")
def add_cat() -> Response:
    # As webargs reads it: a body that is not JSON, or empty, is an object with no fields.
    body = request.get_json(silent=True) if request.is_json and request.get_data() else {}
    if body is None:
        return answer({"message": "Invalid request: json: Invalid JSON body."}, 400)
    if not isinstance(body, dict):
        return invalid("json", {"_schema": ["Invalid input type."]})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for field, parse in ADD_CAT_FIELDS.items():
        if field not in body:
            errors[field] = [MISSING]
        elif body[field] is None:
            errors[field] = [NOT_NULL]
        else:
            values[field], problem = parse(body[field])
            if problem is not None:
                errors[field] = [problem]
    if errors:
        return invalid("json", errors)
    name, birthdate, nature, house_id = (values[field] for field in ADD_CAT_FIELDS)
    if not name.strip():
        return refused(
            f"A cat's name must have 1 to {NAME_MAX_LENGTH} characters and not only spaces; "
            f"got {len(name)} characters"
        )
    connection = pool.getconn()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM catown_houses WHERE id = %s FOR UPDATE", (str(house_id),)
            )
            if cursor.fetchone() is None:
                return refused(f"No such house with id {house_id}")
            cursor.execute("SELECT count(*) FROM catown_cats WHERE house_id = %s", (str(house_id),))
            count = cursor.fetchone()[0]
            if count >= CAPACITY:
                return refused(f"Not enough room in house {house_id}")
            cat_id = uuid.uuid4()
            cursor.execute(
                "INSERT INTO catown_cats (id, name, birthdate, nature, house_id) "
                "VALUES (%s, %s, %s, %s, %s)",
                (str(cat_id), name, birthdate, nature, str(house_id)),
            )
            count += 1
            created: dict[str, Any] = {"id": str(cat_id), "count": count}
            if count == CAPACITY:
                # The keep-a-free-house rule, serialised as the generated service does it.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (VACANCY_LOCK,))
                cursor.execute(
                    "SELECT id FROM catown_houses WHERE resident_count < %s "
                    "ORDER BY resident_count, id LIMIT 1",
                    (CAPACITY,),
                )
                if cursor.fetchone() is None:
                    new_home = uuid.uuid4()
                    cursor.execute("INSERT INTO catown_houses (id) VALUES (%s)", (str(new_home),))
                    created["new_home_id"] = str(new_home)
    finally:
        pool.putconn(connection)
    return answer(created, 201)
