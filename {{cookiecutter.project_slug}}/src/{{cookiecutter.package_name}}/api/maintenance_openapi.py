"""Documents in the OpenAPI document the 503 of maintenance windows and the operator token."""

from __future__ import annotations

from typing import Any

from apispec import APISpec, BasePlugin

from .maintenance_middleware import is_exempt
from .schemas.service_context import MaintenanceUnavailableSchema

MAINTENANCE_RESPONSE = "MAINTENANCE_WINDOW"
OPERATOR_SCHEME = "MaintenanceToken"


class MaintenanceDocumentation(BasePlugin):
    """Adds the window's 503 to every operation the middleware can refuse."""

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        spec.components.response(
            MAINTENANCE_RESPONSE,
            {
                "description": "A maintenance window is open: try again after Retry-After",
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again",
                        "schema": {"type": "integer"},
                    }
                },
                "content": {"application/json": {"schema": MaintenanceUnavailableSchema}},
            },
            lazy=True,
        )
        spec.components.security_scheme(
            OPERATOR_SCHEME,
            {"type": "http", "scheme": "bearer", "description": "The MAINTENANCE_TOKEN value"},
        )

    def operation_helper(
        self,
        path: str | None = None,
        operations: dict[Any, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if path is None or operations is None or is_exempt(path):
            return
        for operation in operations.values():
            if isinstance(operation, dict):
                operation.setdefault("responses", {}).setdefault("503", MAINTENANCE_RESPONSE)
