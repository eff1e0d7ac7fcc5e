"""Connected developers: check two developers now, and read the register of earlier checks."""

from __future__ import annotations

from typing import Any

from dependency_injector.wiring import Provide, inject
from flask import Response, jsonify

from ...domain.models.connected_developers.presence import UnknownDevelopers
from ...domain.models.connected_developers.register import RegisteredCheck
from ...services.connected_developers.use_cases import ConnectedDevelopersService
from ..blueprint import Blueprint
from ..schemas.common import ErrorSchema
from ..schemas.connected_developers import (
    ConnectedSchema,
    NotConnectedSchema,
    RegisteredCheckSchema,
    UnknownDevelopersSchema,
)
from ..writes import writes

blueprint = Blueprint(
    "connected_developers",
    __name__,
    url_prefix="/connected",
    description="Do two developers follow each other on Twitter and share a GitHub organisation?",
)

UPSTREAM_UNAVAILABLE = (
    "GitHub or Twitter did not answer usably (timeout, rate limit, upstream error): "
    "no verdict, nothing registered; the message names the upstream and, when known, "
    "when to retry, which Retry-After gives too"
)
RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again; sent when a rate limit says when",
        "schema": {"type": "integer", "minimum": 0},
    }
}


@blueprint.route("/realtime/<string:dev1>/<string:dev2>")
@writes  # every check is registered: a maintenance window counts it as a write
@blueprint.response(200, ConnectedSchema, description="They are connected")
@blueprint.alt_response(
    400, schema=UnknownDevelopersSchema, description="Some developer is not a user on a network"
)
@blueprint.alt_response(404, schema=NotConnectedSchema, description="They are not connected")
@blueprint.alt_response(
    503,
    schema=ErrorSchema,
    description=UPSTREAM_UNAVAILABLE,
    headers=RETRY_AFTER_HEADER,
)
@inject
def realtime(
    dev1: str,
    dev2: str,
    service: ConnectedDevelopersService = Provide["connected_developers_service"],
) -> dict[str, Any] | Response:
    """Check two developers now; every check that is not a 400 is registered."""
    verdict = service.check(dev1, dev2)
    if isinstance(verdict, UnknownDevelopers):
        return _json({"errors": list(verdict.errors)}, 400)
    if not verdict.connected:
        return _json({"connected": False}, 404)
    return {"connected": True, "organisations": list(verdict.organisations)}


@blueprint.route("/register/<string:dev1>/<string:dev2>")
@blueprint.response(
    200, RegisteredCheckSchema(many=True), description="Earlier checks, oldest first"
)
@blueprint.alt_response(404, description="The pair was never checked (empty body)")
@inject
def register(
    dev1: str,
    dev2: str,
    service: ConnectedDevelopersService = Provide["connected_developers_service"],
) -> list[dict[str, Any]] | Response:
    """Every earlier realtime check of the pair, in either order."""
    checks = service.register(dev1, dev2)
    if not checks:
        never_checked = Response(status=404)
        del never_checked.headers["Content-Type"]
        return never_checked
    return [_entry(check) for check in checks]


def _entry(check: RegisteredCheck) -> dict[str, Any]:
    entry: dict[str, Any] = {"registered_at": check.registered_at, "connected": check.connected}
    if check.connected:
        entry["organisations"] = list(check.organisations)
    return entry


def _json(body: Any, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response
