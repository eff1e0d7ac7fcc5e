"""The Blueprint every controller uses: flask-smorest's, with the service's argument parser.

The parser reads the JSON body the input rules already parsed (once per request), and checks
what each schema loaded before the view gets it: a datetime UTC cannot express, an integer past
64 bits. ServiceApi refuses any other kind of blueprint, so no route can skip these checks.
"""

from __future__ import annotations

from typing import Any

import flask
import flask_smorest
import marshmallow as ma
from webargs.flaskparser import FlaskParser, is_json_request

from .input_rules import out_of_range


class ServiceParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req) or not req.get_data(cache=True):
            return super()._raw_load_json(req)  # not JSON, or no body: webargs decides
        # The body as the input rules parsed it (GuardedJSONProvider), cached by Flask.
        return req.get_json()

    def _process_location_data(  # noqa: PLR0917 - webargs' signature
        self,
        location_data: Any,
        schema: ma.Schema,
        req: flask.Request,
        location: str,
        unknown: str | None,
        validators: Any,
    ) -> Any:
        data = super()._process_location_data(
            location_data, schema, req, location, unknown, validators
        )
        problems = out_of_range(data)
        if problems:
            # Raised here, webargs answers it as any validation error of the schema: 422.
            raise ma.ValidationError(_named_as_sent(problems, schema))
        return data


def _named_as_sent(problems: Any, schema: ma.Schema) -> Any:
    """The problems keyed by the names the client sent (a field's data_key), not attributes."""
    if not isinstance(problems, dict) or schema.many:
        return problems
    sent = {
        field.attribute or name: field.data_key or name for name, field in schema.fields.items()
    }
    return {sent.get(key, key): value for key, value in problems.items()}


class Blueprint(flask_smorest.Blueprint):
    """Use it for every route: its arguments meet the input rules."""

    ARGUMENTS_PARSER = ServiceParser()


def require_service_blueprint(blueprint: Any) -> None:
    """Refuse, at start-up, a blueprint whose arguments would skip the service's parser."""
    if not isinstance(blueprint, Blueprint):
        raise TypeError(
            f"Blueprint {getattr(blueprint, 'name', blueprint)!r} is not a "
            f"{Blueprint.__module__}.Blueprint: use that class, so that its arguments meet the "
            "service's input rules."
        )
