"""The one place where failures become HTTP answers, all in the service's JSON error shape."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, jsonify
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from .api.responses import error_body
from .domain.exceptions import (
    Conflict,
    DependencyUnavailable,
    DomainError,
    NotFound,
    RuleViolation,
)
from .infrastructure.databases.availability import unavailability

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait when the database cannot be used: about what a restart takes.
DATABASE_RETRY_AFTER = 5
DATABASE_UNAVAILABLE = "The database is unavailable: try again after Retry-After seconds."

# Most specific first: the first matching kind decides the status.
DOMAIN_ERROR_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (RuleViolation, 400),
    (NotFound, 404),
    (Conflict, 409),
    (DependencyUnavailable, 503),
)


def _json(body: dict[str, Any], status: int) -> tuple[Response, int]:
    return jsonify(body), status


def handle_domain_error(error: DomainError) -> tuple[Response, int]:
    status = next((code for kind, code in DOMAIN_ERROR_STATUS if isinstance(error, kind)), 400)
    response, status = _json(error_body(error.message), status)
    if isinstance(error, DependencyUnavailable) and error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response, status


def handle_http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    # flask-smorest (webargs) puts the field errors of a request that did not validate here.
    data = getattr(error, "data", None) or {}
    field_errors = data.get("messages")
    if field_errors:
        response, status = _json(
            error_body(_describe_field_errors(field_errors), field_errors), status
        )
    else:
        message = data.get("message") or error.description or error.name
        response, status = _json(error_body(str(message)), status)
    # The headers the error carries belong to the answer: Allow on a 405 (RFC 9110 requires
    # it), WWW-Authenticate on a 401. The body is JSON whatever the error's default type was.
    extra = data.get("headers") or {}
    headers = [*error.get_headers(), *(extra.items() if isinstance(extra, dict) else extra)]
    for name, value in headers:
        if name.lower() != "content-type":
            response.headers.add(name, value)
    return response, status


def handle_unexpected_error(error: Exception) -> tuple[Response, int]:
    logger.exception("unexpected error while serving a request")
    return _json(error_body("Internal server error: the request was not completed."), 500)


def handle_database_error(error: SQLAlchemyError) -> tuple[Response, int]:
    """The database down, restarting, refusing or too busy: 503 and one log line, no traceback."""
    reason = unavailability(error)
    if reason is None:
        return handle_unexpected_error(error)
    logger.warning("database unavailable: %s", reason)
    response, status = _json(error_body(DATABASE_UNAVAILABLE), 503)
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response, status


def _describe_field_errors(field_errors: dict[str, Any]) -> str:
    """One sentence naming each bad field, e.g. 'Invalid request: name: Missing data...'; a field
    inside another is named by its path, e.g. 'items.0.name: ...'."""
    parts: list[str] = []
    for location, location_errors in field_errors.items():
        if isinstance(location_errors, dict):
            parts.extend(f"{path}: {messages}" for path, messages in _paths(location_errors))
        else:  # an error of the whole location, e.g. {"json": ["Invalid JSON body."]}
            parts.append(f"{location}: {_sentence(location_errors)}")
    return "Invalid request: " + "; ".join(parts)


def _paths(errors: dict[Any, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for field, messages in errors.items():
        if isinstance(messages, dict):
            yield from _paths(messages, f"{prefix}{field}.")
        else:
            yield f"{prefix}{field}", _sentence(messages)


def _sentence(messages: Any) -> str:
    return " ".join(map(str, messages)) if isinstance(messages, list) else str(messages)


def register_error_handlers(app: Flask) -> None:
    """Registered after flask-smorest's own handlers, so these answer."""
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(SQLAlchemyError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected_error)
