"""No write is lost: two instances take writes while `manage.py db upgrade` changes their table.

The instances are two gunicorn processes; the upgrade runs manage.py's command in this process.
"""

from __future__ import annotations

import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

import httpx

from ..support.maintenance_probe import (
    CHANGE_REVISION,
    COPY_AND_SWAP,
    ProbeDatabaseTestCase,
    columns,
    current_revision,
    invoke,
    probe_tokens,
    probe_writers,
    serve,
    wait_until,
    window_row,
)
from ..support.processes import free_port

WRITERS = 6
# Each write keeps its transaction open this long: writes are in flight when the window opens,
# and only waiting for them (the drain) keeps them from committing during the migration.
HOLD_SECONDS = 0.1
# Writers pause between writes so that they do not starve the migrator and the instances of CPU;
# the window and the migration last over a second, so writes still overlap them.
PAUSE = 0.005
REFUSED_PAUSE = 0.02
MAX_SECONDS = 60
MAX_WRITES = 20_000


@dataclass
class Outcomes:
    """What the writers were told, token by token."""

    acknowledged: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    unexpected: Counter[str] = field(default_factory=Counter)
    acknowledged_after_upgrade: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged) + len(self.refused) + sum(self.unexpected.values())


class NoDataLossTest(ProbeDatabaseTestCase):
    database_prefix = "maintenance_loss"
    change = COPY_AND_SWAP

    def setUp(self) -> None:
        super().setUp()
        self.ports = [free_port(), free_port()]
        for port in self.ports:
            server = serve(self.url, port)
            self.addCleanup(self._stop, server)
        for port in self.ports:
            self.assertTrue(
                wait_until(partial(self._answers, port), timeout=60),
                f"the instance on port {port} did not start",
            )

    def test_every_acknowledged_write_is_kept_and_every_refused_one_is_absent(self) -> None:
        outcomes = Outcomes()
        stop = threading.Event()
        upgraded = threading.Event()
        writers = [
            threading.Thread(target=self._write, args=(index, outcomes, stop, upgraded))
            for index in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        try:
            self.assertTrue(wait_until(lambda: len(outcomes.acknowledged) >= 30, timeout=30))
            upgrade = invoke(
                "db",
                "--directory",
                str(self.migrations),
                "upgrade",
                database_url=self.url,
                MAINTENANCE_PROBE_SLEEP="1",
            )
            upgraded.set()
            # Writes are served again once the window is closed.
            wait_until(lambda: outcomes.acknowledged_after_upgrade >= 30, timeout=10)
        finally:
            stop.set()
            for writer in writers:
                writer.join()

        self.assertEqual(upgrade.exit_code, 0, upgrade.output)
        self.assertIn("Maintenance window open", upgrade.output)
        self.assertEqual(current_revision(self.url), CHANGE_REVISION)
        self.assertIn("token_length", columns(self.url, "maintenance_probe"))
        self.assertEqual(window_row(self.url)[0], "off")
        self.assertEqual(outcomes.unexpected, Counter(), "no 500, no dropped connection")
        self.assertGreater(len(outcomes.refused), 0, "the window refused writes")
        self.assertGreater(outcomes.acknowledged_after_upgrade, 0, "writes resumed")
        self.assertEqual(len(probe_writers(self.url)), 2, "both instances took writes")
        stored = probe_tokens(self.url)
        self.assertEqual(outcomes.acknowledged - stored, set(), "acknowledged writes were lost")
        # Structural: the middleware answers 503 without calling the view, so a refused token
        # reaches the database only if that changes (a refusal sent after the write committed).
        self.assertEqual(outcomes.refused & stored, set(), "refused writes were stored")

    def _write(
        self, index: int, outcomes: Outcomes, stop: threading.Event, upgraded: threading.Event
    ) -> None:
        port = self.ports[index % len(self.ports)]
        deadline = time.monotonic() + MAX_SECONDS
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while not stop.is_set() and time.monotonic() < deadline:
                if outcomes.count() >= MAX_WRITES:
                    return
                token = uuid.uuid4().hex
                try:
                    response = client.post(
                        "/probe/writes", params={"hold": HOLD_SECONDS}, json={"token": token}
                    )
                    status = str(response.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                with outcomes.lock:
                    if status == "201":
                        outcomes.acknowledged.add(token)
                        outcomes.acknowledged_after_upgrade += upgraded.is_set()
                    elif status == "503":
                        outcomes.refused.add(token)
                    else:
                        outcomes.unexpected[status] += 1
                time.sleep(REFUSED_PAUSE if status == "503" else PAUSE)

    @staticmethod
    def _answers(port: int) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    @staticmethod
    def _stop(server: subprocess.Popen[bytes]) -> None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
