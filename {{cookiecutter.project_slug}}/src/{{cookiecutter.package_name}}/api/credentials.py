"""The secrets a request carries (API key, operator token), compared in constant time."""

from __future__ import annotations

import hmac


def secret_matches(given: str | None, secret: str | None) -> bool:
    """Whether the request gave the configured secret; no secret configured matches nothing.

    Constant time: how long the comparison takes says nothing about how much of it was right.
    """
    if not secret or not given:
        return False
    return hmac.compare_digest(given.encode(), secret.encode())
