"""schemathesis hooks of the fuzz test (SCHEMATHESIS_HOOKS=tests.fuzz_hooks).

Two rules of the service depend on the date, or on arithmetic, that JSON Schema cannot state: a
birthdate is not in the future, and an expected end is a moment UTC can express (not
9999-12-31T23:59:59-01:00). Generated bodies that break them are moved inside them, so that a
schema-valid request the service refuses still means the document and the service disagree.
The generated project's own tests send the refused values and expect the 422.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import schemathesis

# A leap year: every month and day of a generated date exists in it.
PAST_LEAP_YEAR = 2000


def _in_the_past(value: str) -> str:
    try:
        birthdate = date.fromisoformat(value)
    except ValueError:
        return value  # not a date: the schema refuses it, as it should
    if birthdate <= date.today():
        return value
    return birthdate.replace(year=PAST_LEAP_YEAR).isoformat()


def _in_utc_range(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment.astimezone(timezone.utc)
    except ValueError:
        return value
    except OverflowError:
        return moment.replace(tzinfo=timezone.utc).isoformat()
    return value


@schemathesis.hook
def map_body(ctx: Any, body: Any) -> Any:
    if isinstance(body, dict):
        if isinstance(body.get("birthdate"), str):
            body["birthdate"] = _in_the_past(body["birthdate"])
        if isinstance(body.get("expected_end"), str):
            body["expected_end"] = _in_utc_range(body["expected_end"])
    return body
