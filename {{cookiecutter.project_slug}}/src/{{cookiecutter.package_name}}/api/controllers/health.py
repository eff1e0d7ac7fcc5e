"""Liveness and readiness endpoints for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from dependency_injector.wiring import Provide, inject

from ...services.health import HealthService
from ..blueprint import Blueprint
from ..schemas.common import LivenessSchema, ReadinessSchema

blueprint = Blueprint(
    "health", __name__, url_prefix="/health", description="Liveness and readiness"
)


@blueprint.route("/live")
@blueprint.response(200, LivenessSchema)
def live() -> dict[str, Any]:
    """The process answers."""
    return {"status": "ok"}


@blueprint.route("/ready")
@blueprint.response(200, ReadinessSchema)
@blueprint.alt_response(
    503,
    schema=ReadinessSchema,
    description="A dependency does not answer, migrations are pending, or the process is stopping",
)
@inject
def ready(
    health_service: HealthService = Provide["health_service"],
) -> tuple[dict[str, Any], int]:
    """The service can do its work: every dependency answers, the database is migrated and the
    process is not stopping."""
    readiness = health_service.readiness()
    checks = {name: "ok" if ok else "unavailable" for name, ok in readiness.checks.items()}
    if readiness.ready:
        return {"status": "ready", "checks": checks}, 200
    return {"status": "unavailable", "checks": checks, "reasons": readiness.reasons}, 503
