"""Per-request middleware: a request id on every response and log line, and an access log."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from .requests import REQUEST_ID_HEADER, request_id_from

access_logger = logging.getLogger("access")


def _start_request() -> None:
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    if started is not None:
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
    return response


def install_request_middleware(app: Flask) -> None:
    app.before_request(_start_request)
    app.after_request(_finish_request)
