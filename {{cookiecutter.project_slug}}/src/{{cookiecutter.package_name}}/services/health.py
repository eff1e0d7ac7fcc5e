"""Readiness: whether the service can do its work now."""

from __future__ import annotations

import abc
from dataclasses import dataclass


class ReadinessProbe(abc.ABC):
    """Checks one dependency the service cannot work without."""

    name: str

    @abc.abstractmethod
    def problem(self) -> str | None:
        """None when the dependency is ready; otherwise what is wrong, in a few words."""


@dataclass(frozen=True)
class Readiness:
    ready: bool
    # Each probe's problem, None for the probes that are ready.
    checks: dict[str, str | None]


class HealthService:
    """Asks every probe and reports which dependencies are ready."""

    def __init__(self, probes: list[ReadinessProbe]) -> None:
        self._probes = probes

    def readiness(self) -> Readiness:
        checks = {probe.name: probe.problem() for probe in self._probes}
        return Readiness(ready=all(problem is None for problem in checks.values()), checks=checks)
