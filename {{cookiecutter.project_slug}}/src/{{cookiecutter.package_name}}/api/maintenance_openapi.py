"""Documents in the OpenAPI document the 503 of maintenance windows and the operator token."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from apispec import APISpec, BasePlugin

from .maintenance_middleware import is_exempt
from .schemas.service_context import MaintenanceUnavailableSchema

MAINTENANCE_RESPONSE = "MAINTENANCE_WINDOW"
OPERATOR_SCHEME = "MaintenanceToken"
RETRY_AFTER = "Retry-After"
JSON = "application/json"
# The middleware sends Retry-After with every 503 of a window, whatever a route says of its own.
ALWAYS_IN_A_WINDOW = "always sent in a maintenance window"


class MaintenanceDocumentation(BasePlugin):
    """Adds the window's 503 to every operation the middleware can refuse, beside its own 503."""

    spec: APISpec

    def init_spec(self, spec: APISpec) -> None:
        super().init_spec(spec)
        self.spec = spec
        spec.components.response(
            MAINTENANCE_RESPONSE,
            {
                "description": "A maintenance window is open: try again after Retry-After",
                "headers": {
                    RETRY_AFTER: {
                        "description": "Seconds to wait before trying again",
                        "schema": {"type": "integer"},
                    }
                },
                "content": {JSON: {"schema": MaintenanceUnavailableSchema}},
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
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            # flask-smorest keeps the codes as the route gave them (503 or "503") until later.
            own = [code for code in responses if code in (503, "503")]
            if own:
                responses["503"] = self._with_maintenance(responses.pop(own[0]))
            else:
                responses["503"] = MAINTENANCE_RESPONSE

    def _with_maintenance(self, own: dict[str, Any] | str) -> dict[str, Any] | str:
        """The route's own 503 and the window's, in the one response OpenAPI allows per code."""
        maintenance = self._component("response", MAINTENANCE_RESPONSE)
        route = self._component("response", own)
        if route == maintenance:
            return own
        combined = deepcopy(route)
        combined["description"] = f"{maintenance['description']}. Otherwise: {route['description']}"
        headers = combined.setdefault("headers", {})
        window_header = maintenance["headers"][RETRY_AFTER]
        if RETRY_AFTER not in headers:
            headers[RETRY_AFTER] = deepcopy(window_header)
        else:
            # The route's header, with its schema; its description says when the route sends it.
            header = deepcopy(self._component("header", headers[RETRY_AFTER]))
            if header.get("description") != window_header["description"]:
                said = header.get("description", window_header["description"])
                header["description"] = f"{said}; {ALWAYS_IN_A_WINDOW}"
            headers[RETRY_AFTER] = header
        window_schema = deepcopy(maintenance["content"][JSON]["schema"])
        media_type = combined.setdefault("content", {}).setdefault(JSON, {})
        route_schema = media_type.get("schema")
        if route_schema is None or route_schema == window_schema:
            media_type["schema"] = window_schema
        else:
            # anyOf, not oneOf: a body that happened to fit both schemas would match no oneOf.
            media_type["schema"] = {"anyOf": [route_schema, window_schema]}
        return combined

    def _component(self, kind: str, obj: dict[str, Any] | str) -> dict[str, Any]:
        """The object itself, or the component a name or a $ref points to, registered or lazy."""
        if isinstance(obj, dict) and "$ref" not in obj:
            return obj
        name = obj if isinstance(obj, str) else obj["$ref"].rsplit("/", 1)[-1]
        components = self.spec.components
        registered, lazy = {
            "response": (components.responses, components.responses_lazy),
            "header": (components.headers, components.headers_lazy),
        }[kind]
        found: dict[str, Any] = registered.get(name) or lazy[name]
        return found
