"""Failures of the networks the rule asks: they say nothing about the developers."""

from __future__ import annotations

from ...exceptions import DependencyUnavailable


class UpstreamUnavailable(DependencyUnavailable):
    """GitHub or Twitter did not answer usably: no verdict, nothing registered; later may work."""

    def __init__(self, upstream: str, reason: str, retry_after: int | None = None) -> None:
        message = f"{upstream} is unavailable: {reason}."
        if retry_after is not None:
            message += f" Retry after {retry_after} seconds."
        super().__init__(message + " No verdict was given and nothing was registered.", retry_after)
