"""Readiness is the conjunction of every probe."""

import unittest

from {{ cookiecutter.package_name }}.services.health import HealthService, ReadinessProbe


class FakeProbe(ReadinessProbe):
    def __init__(self, name: str, ready: bool) -> None:
        self.name = name
        self._ready = ready

    def is_ready(self) -> bool:
        return self._ready


class HealthServiceTest(unittest.TestCase):
    def test_ready_when_every_probe_answers(self) -> None:
        probes: list[ReadinessProbe] = [FakeProbe("database", True), FakeProbe("cache", True)]
        readiness = HealthService(probes).readiness()
        self.assertTrue(readiness.ready)
        self.assertEqual(readiness.checks, {"database": True, "cache": True})

    def test_not_ready_when_one_probe_fails(self) -> None:
        probes: list[ReadinessProbe] = [FakeProbe("database", False), FakeProbe("cache", True)]
        readiness = HealthService(probes).readiness()
        self.assertFalse(readiness.ready)
        self.assertEqual(readiness.checks["database"], False)
