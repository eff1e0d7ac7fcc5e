"""Readiness is the conjunction of every probe, with the reason of each that is not ready."""

import unittest

from {{ cookiecutter.package_name }}.services.health import HealthService, ReadinessProbe


class FakeProbe(ReadinessProbe):
    def __init__(self, name: str, reason: str | None = None) -> None:
        self.name = name
        self._reason = reason

    def problem(self) -> str | None:
        return self._reason


class HealthServiceTest(unittest.TestCase):
    def test_ready_when_every_probe_answers(self) -> None:
        probes: list[ReadinessProbe] = [FakeProbe("database"), FakeProbe("cache")]
        readiness = HealthService(probes).readiness()
        self.assertTrue(readiness.ready)
        self.assertEqual(readiness.checks, {"database": True, "cache": True})
        self.assertEqual(readiness.reasons, {})

    def test_not_ready_when_one_probe_fails_and_says_why(self) -> None:
        probes: list[ReadinessProbe] = [FakeProbe("database", "refused"), FakeProbe("cache")]
        readiness = HealthService(probes).readiness()
        self.assertFalse(readiness.ready)
        self.assertEqual(readiness.checks, {"database": False, "cache": True})
        self.assertEqual(readiness.reasons, {"database": "refused"})
