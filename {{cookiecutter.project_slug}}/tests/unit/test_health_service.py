"""Readiness is the conjunction of every probe."""

import unittest

from {{ cookiecutter.package_name }}.services.health import HealthService, ReadinessProbe


class FakeProbe(ReadinessProbe):
    def __init__(self, name: str, problem: str | None) -> None:
        self.name = name
        self._problem = problem

    def problem(self) -> str | None:
        return self._problem


class HealthServiceTest(unittest.TestCase):
    def test_ready_when_every_probe_answers(self) -> None:
        probes: list[ReadinessProbe] = [FakeProbe("database", None), FakeProbe("cache", None)]
        readiness = HealthService(probes).readiness()
        self.assertTrue(readiness.ready)
        self.assertEqual(readiness.checks, {"database": None, "cache": None})

    def test_not_ready_when_one_probe_fails(self) -> None:
        probes: list[ReadinessProbe] = [
            FakeProbe("database", "unavailable"),
            FakeProbe("cache", None),
        ]
        readiness = HealthService(probes).readiness()
        self.assertFalse(readiness.ready)
        self.assertEqual(readiness.checks["database"], "unavailable")
