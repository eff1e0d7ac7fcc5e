"""Readiness: whether the service can do its work now, and if not, why."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field


class ReadinessProbe(abc.ABC):
    """Checks one dependency the service cannot work without."""

    name: str

    @abc.abstractmethod
    def problem(self) -> str | None:
        """None when the dependency answers; otherwise why it does not, in one line."""


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, bool]
    # Why each dependency that is not ready is not.
    reasons: dict[str, str] = field(default_factory=dict)


class HealthService:
    """Asks every probe and reports which dependencies are ready."""

    def __init__(self, probes: list[ReadinessProbe]) -> None:
        self._probes = probes

    def readiness(self) -> Readiness:
        problems = {probe.name: probe.problem() for probe in self._probes}
        reasons = {name: reason for name, reason in problems.items() if reason is not None}
        return Readiness(
            ready=not reasons,
            checks={name: reason is None for name, reason in problems.items()},
            reasons=reasons,
        )
