"""The maintenance admin route: GET and PATCH /v1/service-context, for operators with the token.

A window never refuses this route (see maintenance_middleware.py), so a window opened over HTTP
can be closed over HTTP.
"""

from __future__ import annotations

from typing import Any

from dependency_injector.wiring import Provide, inject
from flask import request
from flask_smorest import abort

from ...domain.models.maintenance import MaintenanceMode, MaintenanceWindow
from ...services.maintenance import MaintenanceService
from ..blueprint import Blueprint
from ..credentials import secret_matches
from ..maintenance_middleware import SERVICE_CONTEXT_PATH
from ..maintenance_openapi import OPERATOR_SCHEME
from ..schemas.common import ErrorSchema
from ..schemas.service_context import ServiceContextPatchSchema, ServiceContextSchema

blueprint = Blueprint(
    "service_context",
    __name__,
    url_prefix=SERVICE_CONTEXT_PATH,
    description="Maintenance windows, for operators: send Authorization: Bearer "
    "<MAINTENANCE_TOKEN>. Reachable during every window.",
)

DISABLED = "The maintenance admin route is disabled: set MAINTENANCE_TOKEN to enable it."
UNAUTHORIZED = "A valid operator token is required: Authorization: Bearer <MAINTENANCE_TOKEN>."
# The refusals go through the service's error handler, with these headers.
NO_STORE = {"Cache-Control": "no-store"}
CHALLENGE = {**NO_STORE, "WWW-Authenticate": 'Bearer realm="maintenance"'}


@blueprint.before_request
@inject
def require_operator_token(token: str | None = Provide["maintenance_token"]) -> None:
    if token is None:
        abort(403, message=DISABLED, headers=NO_STORE)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret_matches(given.strip(), token):
        abort(401, message=UNAUTHORIZED, headers=CHALLENGE)


def documented(view: Any) -> Any:
    """The answers every operation of this route can give besides its own."""
    for status, description in (
        (401, "The operator token is missing or wrong"),
        (403, "MAINTENANCE_TOKEN is not set: the route is disabled"),
        (503, "The database did not answer"),
    ):
        view = blueprint.alt_response(status, schema=ErrorSchema, description=description)(view)
    return blueprint.doc(security=[{OPERATOR_SCHEME: []}])(view)


def present(window: MaintenanceWindow) -> dict[str, Any]:
    return {
        "maintenance": window.is_open,
        "mode": window.mode.value,
        "reason": window.reason,
        "expected_end": window.expected_end,
        "opened_at": window.opened_at,
        "opened_by": window.opened_by.value if window.opened_by else None,
    }


@blueprint.route("", methods=["GET"])
@blueprint.response(200, ServiceContextSchema)
@documented
@inject
def get_service_context(
    service: MaintenanceService = Provide["maintenance_service"],
) -> dict[str, Any]:
    """The maintenance window every instance obeys."""
    return present(service.status())


@blueprint.route("", methods=["PATCH"])
@blueprint.arguments(ServiceContextPatchSchema)
@blueprint.response(200, ServiceContextSchema)
@blueprint.alt_response(400, schema=ErrorSchema, description="The window cannot open so")
@blueprint.alt_response(422, schema=ErrorSchema, description="The body is not valid")
@documented
@inject
def patch_service_context(
    change: dict[str, Any],
    service: MaintenanceService = Provide["maintenance_service"],
) -> dict[str, Any]:
    """Open a window (every instance follows within the refresh bound) or close it."""
    if not change["maintenance"]:
        return present(service.close())
    window = service.open(
        MaintenanceMode.parse(change["mode"]),
        reason=change["reason"],
        expected_end=change["expected_end"],
    )
    return present(window)
