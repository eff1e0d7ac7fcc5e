"""Graceful shutdown: the flag that makes /health/ready answer 503 once the server is stopping.

The flag is memory shared by the gunicorn master and every worker it forks: gunicorn.conf.py
imports this module in the master, which raises the flag on SIGTERM, and each worker's readiness
probe reads it. A balancer that checks /health/ready stops sending requests before the listening
socket closes. Outside gunicorn nothing raises it.
"""

from __future__ import annotations

import mmap

from .services.health import ReadinessProbe

UNAVAILABLE = "unavailable"
# Anonymous and shared (MAP_SHARED): a forked worker reads what the master writes.
_FLAG = mmap.mmap(-1, 1)


def start_draining() -> None:
    _FLAG[0] = 1


def is_draining() -> bool:
    return _FLAG[0] == 1


class ServingProbe(ReadinessProbe):
    """Ready until the server starts stopping."""

    name = "serving"

    def problem(self) -> str | None:
        return UNAVAILABLE if is_draining() else None
