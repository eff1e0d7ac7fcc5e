"""Readiness: whether the service can do its work now."""

from __future__ import annotations

import abc
from dataclasses import dataclass


class ReadinessProbe(abc.ABC):
    """Checks one dependency the service cannot work without."""

    name: str

    @abc.abstractmethod
    def is_ready(self) -> bool:
        """True when the dependency answers."""


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, bool]


class HealthService:
    """Asks every probe and reports which dependencies answer."""

    def __init__(self, probes: list[ReadinessProbe]) -> None:
        self._probes = probes

    def readiness(self) -> Readiness:
        checks = {probe.name: probe.is_ready() for probe in self._probes}
        return Readiness(ready=all(checks.values()), checks=checks)
