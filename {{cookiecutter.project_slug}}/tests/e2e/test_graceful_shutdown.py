"""SIGTERM under load: not ready first, in-flight requests finished, the fence released, exit 0."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import uuid

import httpx

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.create_app import create_app

from ..support.maintenance_probe import (
    ProbeDatabaseTestCase,
    add_probe_routes,
    fence_sessions,
    probe_tokens,
    serve,
    test_environment,
    wait_until,
    write_in_flight,
)
from ..support.processes import free_port

DRAIN_SECONDS = 1.5
# The write in flight at SIGTERM keeps its transaction open past the drain.
HOLD_SECONDS = DRAIN_SECONDS + 1


class GracefulShutdownTest(ProbeDatabaseTestCase):
    database_prefix = "graceful_shutdown"

    def test_sigterm_stops_readiness_first_then_finishes_in_flight_requests(self) -> None:
        port = free_port()
        server = serve(self.url, port, GUNICORN_DRAIN_SECONDS=str(DRAIN_SECONDS))
        self.addCleanup(_kill, server)
        base = f"http://127.0.0.1:{port}"
        self.assertTrue(wait_until(lambda: _status(f"{base}/health/ready") == 200, timeout=60))
        self.assertEqual(_status(f"{base}/probe/echo"), 200)  # the first request takes the fence
        self.assertEqual(fence_sessions(self.url), 1, "the instance holds its fence")

        token = uuid.uuid4().hex
        answers: list[int] = []
        writer = threading.Thread(target=_write, args=(base, token, answers))
        writer.start()
        self.assertTrue(wait_until(lambda: write_in_flight(self.url), timeout=10))
        server.send_signal(signal.SIGTERM)
        stopping_at = time.monotonic()

        # While draining: not ready, yet serving what a balancer sends before it notices.
        self.assertTrue(wait_until(lambda: _status(f"{base}/health/ready") == 503, timeout=1))
        self.assertEqual(_status(f"{base}/probe/echo"), 200)
        self.assertLess(time.monotonic() - stopping_at, DRAIN_SECONDS)

        writer.join(timeout=30)
        self.assertEqual(answers, [201], "the write in flight at SIGTERM was answered")
        self.assertEqual(server.wait(timeout=30), 0)
        self.assertGreaterEqual(time.monotonic() - stopping_at, DRAIN_SECONDS)
        self.assertIn(token, probe_tokens(self.url))
        self.assertEqual(fence_sessions(self.url), 0, "the fence's session is gone")

    def test_shutdown_releases_the_fence_while_the_process_lives_on(self) -> None:
        # What gunicorn.conf.py's worker_exit calls once a worker has finished its last request.
        app = create_app(Settings.from_environment(test_environment(self.url)))
        add_probe_routes(app)
        self.assertEqual(app.test_client().get("/probe/echo").status_code, 200)
        self.assertEqual(fence_sessions(self.url), 1)
        app.shutdown()
        self.assertTrue(wait_until(lambda: fence_sessions(self.url) == 0, timeout=5))


def _write(base: str, token: str, answers: list[int]) -> None:
    response = httpx.post(
        f"{base}/probe/writes", params={"hold": HOLD_SECONDS}, json={"token": token}, timeout=30
    )
    answers.append(response.status_code)


def _status(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=2).status_code
    except httpx.HTTPError:
        return None


def _kill(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.kill()
        server.wait()
