"""The input rules applied to every request before any view runs, whatever route it is for.

Installed on the application, not on a blueprint or a schema: a route added later (a new domain)
gets them without a line of its own. A request that breaks one answers 422 naming the field;
a body that is not JSON answers 400, as webargs answers it.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, Request, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, UnprocessableEntity

from .input_rules import (
    JsonInputRefused,
    Problems,
    load_json,
    out_of_range,
    problems_in,
    shown_key,
)

INVALID_JSON = "Invalid JSON body."
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that what it loads from a request must meet the input rules."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return load_json(s)


class InputRefused(UnprocessableEntity):
    """422 with the problems per location, as flask-smorest answers a request that did not
    validate: {"json": {"name": ["Must not contain a NUL character (\\u0000)."]}}."""

    def __init__(self, problems: dict[str, Problems]) -> None:
        super().__init__()
        self.data = {"messages": problems}


class InvalidJson(BadRequest):
    """400 for a body that is not JSON at all, worded as webargs words it."""

    def __init__(self) -> None:
        super().__init__()
        self.data = {"messages": {"json": [INVALID_JSON]}}


class GuardedRequest(Request):
    """A request whose JSON body, when it breaks the rules, answers 422 naming the fields."""

    def on_json_loading_failed(self, e: ValueError | None) -> NoReturn:
        if isinstance(e, JsonInputRefused):
            raise InputRefused({"json": e.problems}) from e
        raise InvalidJson() from e


def check_request() -> None:
    """before_request: the path and query arguments, the form and the JSON body meet the rules."""
    current: Request = request._get_current_object()  # type: ignore[attr-defined]
    found: dict[str, Problems] = {}
    if current.view_args:
        # Path arguments come converted (<int:...>): what a schema would check is checked too.
        found["path"] = _path_problems(current.view_args)
    if current.args:
        found["query"] = _multidict_problems(current.args)
    if current.mimetype in FORM_TYPES:  # reading .form of any other request costs for nothing
        found["form"] = _multidict_problems(current.form)
    found = {location: problems for location, problems in found.items() if problems}
    if found:
        raise InputRefused(found)
    if current.is_json and current.get_data(cache=True):
        current.get_json()  # parsed once, through GuardedJSONProvider, and cached for the view


def _path_problems(arguments: dict[str, Any]) -> Problems:
    found = out_of_range(arguments)
    problems = problems_in(arguments)
    if isinstance(found, dict) and isinstance(problems, dict):
        return {**found, **problems}
    return problems or found


def _multidict_problems(values: MultiDict[str, str]) -> Problems:
    """A field sent several times is named once, with the first problem found."""
    found: dict[Any, Problems] = {}
    for key, items in values.lists():
        for value in (key, *items):
            problems = problems_in(value)
            if problems:
                found[shown_key(key)] = problems
                break
    return found


def install_input_rules(app: Flask) -> None:
    app.json = GuardedJSONProvider(app)
    app.request_class = GuardedRequest
    app.before_request(check_request)
