"""Builds the service's one JSON error body."""

from __future__ import annotations

from typing import Any

from .requests import current_request_id


def error_body(message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message}
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    return body
