"""Documents in the OpenAPI document the 422 the input rules give on every operation."""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

# flask-smorest's component for the status, in the service's error shape (ServiceApi).
UNPROCESSABLE = "UNPROCESSABLE_ENTITY"


class InputRulesDocumentation(BasePlugin):
    """Any request may carry a value no field accepts (a NUL character in a path or query
    argument, say), so every operation documents the 422 the input rules answer it with."""

    def operation_helper(
        self,
        path: str | None = None,
        operations: dict[Any, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        for operation in (operations or {}).values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            # flask-smorest keeps the codes as the route gave them (422 or "422") until later.
            if 422 not in responses and "422" not in responses:
                responses["422"] = UNPROCESSABLE
