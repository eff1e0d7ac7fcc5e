"""The rules every value a request carries must meet, whatever field or route it is meant for.

Strings hold no NUL character and no lone surrogate (PostgreSQL and UTF-8 cannot store them).
JSON nests at most MAX_JSON_DEPTH levels, holds no NaN or Infinity and no number of more than
MAX_INTEGER_DIGITS digits. What a schema loads must fit the database: integers in 64 bits,
datetimes that UTC can express (the database keeps UTC).
Each function returns the problems found, keyed by field as marshmallow keys its errors:
{"name": ["message"]}, {"items": {0: {"name": ["message"]}}}.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any, NoReturn, TypeAlias

MAX_JSON_DEPTH = 32
# Far more than any field needs; longer numbers are not even converted (that takes time).
MAX_INTEGER_DIGITS = 100
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In a document's text: an escape that may stand for a NUL or a surrogate.
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")

NUL = "Must not contain a NUL character (\\u0000)."
SURROGATE = "Must not contain a lone surrogate (\\ud800 to \\udfff): send valid Unicode."
TOO_DEEP = f"Nests deeper than {MAX_JSON_DEPTH} levels."
TOO_LONG = f"Numbers of more than {MAX_INTEGER_DIGITS} digits are not accepted."
TOO_LARGE = (
    f"Integers must lie between {MIN_INTEGER} and {MAX_INTEGER} (64 bits); "
    "send larger numbers as strings."
)
NOT_A_NUMBER = "NaN and Infinity are not JSON numbers."
OUT_OF_UTC = "Out of range: this moment in UTC falls outside the years 1 to 9999."

# A field's problems: messages, or the problems of the values inside it.
Problems: TypeAlias = "list[str] | dict[Any, Problems]"


class JsonInputRefused(ValueError):
    """A JSON document that parses but breaks the rules; problems name the fields."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"the JSON body breaks the input rules: {problems}")
        self.problems = problems


class _OversizedInteger:
    """Stands in for an integer too long to convert, so that the walk can name its field."""


class _NonFiniteNumber:
    """Stands in for NaN, Infinity or -Infinity."""


def _parse_int(text: str) -> int | _OversizedInteger:
    return _OversizedInteger() if len(text.lstrip("-")) > MAX_INTEGER_DIGITS else int(text)


def _parse_constant(_name: str) -> _NonFiniteNumber:
    return _NonFiniteNumber()


class _NonStandardNumber(Exception):
    """A number the rules refuse, met on the fast path: the careful path names its field."""


def _refuse_constant(_name: str) -> NoReturn:
    raise _NonStandardNumber


def _fast_int(text: str) -> int:
    if len(text) > MAX_INTEGER_DIGITS and len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _NonStandardNumber
    return int(text)


def _fast_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NonStandardNumber
    return number


def load_json(document: str | bytes) -> Any:
    """Parse JSON as json.loads does, then apply the rules; raises JsonInputRefused naming the
    fields that break them, or ValueError for a document that is not JSON."""
    if isinstance(document, bytes):
        document = document.decode(json.detect_encoding(document), "surrogatepass")
    # Most documents cannot break a rule, as a scan of their text shows: parsed at full speed,
    # a number being refused on the way sends them to the careful path, which names its field.
    if _plain(document):
        with contextlib.suppress(_NonStandardNumber):
            return _FAST.decode(document)
    try:
        value = _CAREFUL.decode(document)
    except RecursionError:
        raise JsonInputRefused([TOO_DEEP]) from None
    problems = problems_in(value)
    if problems:
        raise JsonInputRefused(problems)
    return value


def _plain(document: str) -> bool:
    """No character or escape that may be a NUL or a surrogate, and too few brackets (those in
    strings counted too) to nest deeper than the limit."""
    return (
        document.count("[") + document.count("{") <= MAX_JSON_DEPTH
        and not _UNSTORABLE.search(document)
        and ("\\u" not in document or not _SUSPECT_ESCAPE.search(document))
    )


# Built once: json.loads with hooks would build a decoder on every call.
_FAST = json.JSONDecoder(
    parse_int=_fast_int, parse_float=_fast_float, parse_constant=_refuse_constant
)
_CAREFUL = json.JSONDecoder(parse_int=_parse_int, parse_constant=_parse_constant)


def string_problem(text: str) -> str | None:
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return NUL if found.group() == "\x00" else SURROGATE


def _integer_problem(number: int) -> str | None:
    return None if MIN_INTEGER <= number <= MAX_INTEGER else TOO_LARGE


def problems_in(value: Any, depth: int = 0) -> Problems:
    """What breaks the rules in a parsed value (JSON, path or query arguments); empty if nothing.

    It reads every value, fields no schema declares included: an integer is refused here only
    when it is too long to convert, and past 64 bits only once a schema has loaded it.
    """
    message = _scalar_problem(value)
    if message is not None:
        return [message]
    if not isinstance(value, (dict, list)):
        return []
    if depth >= MAX_JSON_DEPTH:
        return [TOO_DEEP]
    found: dict[Any, Problems] = {}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        key_message = string_problem(key) if isinstance(key, str) else None
        problems = [key_message] if key_message else problems_in(item, depth + 1)
        if problems == [TOO_DEEP] and depth > 0:
            return problems  # named by the outermost field, not by a path 32 levels long
        if problems:
            found[shown_key(key)] = problems
    return found


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, str):
        return string_problem(value)
    if isinstance(value, _OversizedInteger):
        return TOO_LONG
    if isinstance(value, _NonFiniteNumber) or (
        isinstance(value, float) and not math.isfinite(value)
    ):
        return NOT_A_NUMBER
    return None


def out_of_range(value: Any) -> Problems:
    """What a schema loaded that the service cannot keep: a datetime beyond UTC's range, an
    integer beyond 64 bits. Walks dicts and lists as problems_in does."""
    if isinstance(value, datetime):
        try:
            value.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            return [OUT_OF_UTC]
        return []
    if isinstance(value, (date, bool)) or not isinstance(value, (int, Mapping, list, tuple)):
        return []
    if isinstance(value, int):
        message = _integer_problem(value)
        return [message] if message else []
    found: dict[Any, Problems] = {}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        problems = out_of_range(item)
        if problems:
            found[key] = problems
    return found


def shown_key(key: Any) -> Any:
    """A key as it can be shown in an error: its bad characters escaped."""
    if isinstance(key, str) and _UNSTORABLE.search(key):
        return key.encode("unicode_escape", errors="backslashreplace").decode("ascii")
    return key
