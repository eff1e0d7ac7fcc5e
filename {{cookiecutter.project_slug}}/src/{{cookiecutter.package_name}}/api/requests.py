"""The request id: taken from the caller when it is safe to echo, made up otherwise."""

from __future__ import annotations

import re
import secrets

from flask import g, has_request_context

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_from(header_value: str | None) -> str:
    """The caller's id when it is short and plain (it is echoed and logged), else a new one."""
    if header_value and _SAFE_REQUEST_ID.match(header_value):
        return header_value
    # 32 random hex digits, the form of uuid4().hex, without building a UUID object first.
    return secrets.token_hex(16)


def current_request_id() -> str | None:
    if not has_request_context():
        return None
    request_id: str | None = g.get("request_id")
    return request_id
