"""Logging set-up: JSON lines in production, readable text in development, a request id on each."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from .api.requests import current_request_id
from .config import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"

# HTTP client libraries that log every call they make: httpx at INFO ('HTTP Request: GET <url>
# "HTTP/1.1 200 OK"', query string included), httpcore at DEBUG. One line per upstream call floods
# the logs and would write any token sent in a URL, so they log from WARNING only. Named, not
# imported: a service that does not depend on them is unaffected.
QUIET_LIBRARY_LOGGERS = ("httpx", "httpcore")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the id of the request being served, or '-' outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


def configure_logging(settings: Settings) -> None:
    """Replace the root handlers with one stderr handler in the configured format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if settings.json_logs:
        handler.setFormatter(JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level"}))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # Never below the root's level: a logger with its own level sends what passes it to the root
    # handler whatever the root's level, so WARNING alone would let warnings through at ERROR.
    for name in QUIET_LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
