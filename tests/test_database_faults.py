"""Database faults under load: a generated service answers 2xx or a JSON 503, never a 500.

An `all` project runs under gunicorn on 127.0.0.1 against a PostgreSQL cluster the test owns
(tests/cluster.py). Clients send a steady, bounded stream of requests: one writer adds cats (the
only Catown writer, so no house is ever full under it), others run realtime checks (each
registered: a write) and read. Three phases, every answer counted:

1. PostgreSQL restarts under that load: only 2xx and 503 (JSON, with Retry-After), and every
   answer sent once the service has had its refresh bound to notice is 2xx again.
2. PostgreSQL restarts while the service is idle, its pooled connections used a moment before:
   the first requests after the restart all succeed (each stale connection is replaced first).
3. Connections starved: max_connections below what the workers want, and threaded workers whose
   pools are smaller than their threads: only 2xx and 503, some of each.

Then every acknowledged write must be stored, and the server log holds no traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .cluster import Cluster, free_port
from .support import TEMPLATE_ROOT, render
from .test_generated_projects import DEFAULT_PYTHON, install

DATABASE_TOOL = TEMPLATE_ROOT / "benchmarks" / "database.py"
WORKERS = 3
# Bounds of each load phase: requests and seconds.
MAX_REQUESTS = 4000
WARM_UP_SECONDS = 3.0
AFTER_RESTART_SECONDS = 6.0
STARVED_SECONDS = 8.0
# The service may serve from a window read this long ago (its default): it notices a database
# that came back within this bound, and answers 2xx again.
REFRESH_SECONDS = 1.0
RECOVERED_AFTER = REFRESH_SECONDS + 2.0
CONNECTED_PAIRS = (("alice", "bob"), ("bob", "dave"))
REQUEST_TIMEOUT = 20


@dataclass
class Answers:
    """Every answer of a phase, and what the test must check of it."""

    statuses: Counter[int] = field(default_factory=Counter)
    # (seconds since the phase began, status) of each answer, for the recovery check.
    timeline: list[tuple[float, int]] = field(default_factory=list)
    # 503s without Retry-After or a JSON message: what a client could not act on.
    bad_503s: list[str] = field(default_factory=list)
    cats: set[str] = field(default_factory=set)
    checks: Counter[tuple[str, str]] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    def not_2xx_or_503(self) -> dict[int, int]:
        return {s: n for s, n in self.statuses.items() if not (200 <= s < 300 or s == 503)}

    def summary(self) -> str:
        return ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))


Answer = tuple[int, Any, dict[str, str]]


def call(base: str, method: str, path: str, body: dict[str, Any] | None = None) -> Answer:
    """(status, JSON body or None, headers); status 0 when no answer came at all."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            status, raw, headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), dict(error.headers)
    except OSError:
        return 0, None, {}
    try:
        return status, json.loads(raw) if raw else None, headers
    except ValueError:
        return status, None, headers


class Load:
    """Client threads sending requests back to back until stopped, or the bounds are reached."""

    def __init__(self, base: str, clients: int) -> None:
        self.base = base
        self.answers = Answers()
        self.started = time.monotonic()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._add_cats)] + [
            threading.Thread(target=self._check_and_read, args=(index,))
            for index in range(clients - 1)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> Answers:
        self.stopping.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT * 2)
        return self.answers

    def _running(self) -> bool:
        return not self.stopping.is_set() and self.answers.total < MAX_REQUESTS

    def _record(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, Any]:
        status, payload, headers = call(self.base, method, path, body)
        with self.answers.lock:
            self.answers.statuses[status] += 1
            self.answers.timeline.append((time.monotonic() - self.started, status))
            if status == 503 and not (
                "Retry-After" in headers and isinstance(payload, dict) and payload.get("message")
            ):
                self.answers.bad_503s.append(f"{method} {path}: {headers} {payload}")
        if status == 503:
            time.sleep(0.05)  # as a client told to retry later would, a little
        return status, payload

    def _add_cats(self) -> None:
        house: str | None = None
        number = 0
        while self._running():
            if house is None:
                status, houses = self._record("GET", "/houses")
                if status == 200:
                    house = next((h["id"] for h in houses if h["count"] < 4), None)
                continue
            number += 1
            body = {
                "name": f"Cat {number}",
                "birthdate": "2015-03-07",
                "nature": "PARTY_GOING",
                "house_id": house,
            }
            status, added = self._record("POST", "/add_cat", body)
            if status == 201:
                with self.answers.lock:
                    self.answers.cats.add(added["id"])
                if added["count"] == 4:
                    house = added.get("new_home_id")
            else:
                house = None  # a 503 may have added the cat after all: ask again where room is

    def _check_and_read(self, index: int) -> None:
        turn = index
        while self._running():
            turn += 1
            first, second = CONNECTED_PAIRS[turn % len(CONNECTED_PAIRS)]
            if turn % 3:
                status, _ = self._record("GET", f"/connected/realtime/{first}/{second}")
                if status == 200:
                    with self.answers.lock:
                        self.answers.checks[(first, second)] += 1
            else:
                self._record("GET", f"/connected/register/{second}/{first}")
            time.sleep(0.005)


class Service:
    """The project under gunicorn, in its own process group."""

    def __init__(self, project: Path, env: dict[str, str], log: Path, *options: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            str(project / ".venv" / "bin" / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            *options,
        ]
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=project,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while call(self.base, "GET", "/health/ready")[0] != 200:
            assert self.process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the service did not get ready within 60 s"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)


def stored(python: Path, database_url: str) -> tuple[set[str], Counter[tuple[str, str]]]:
    """The cats and the registered checks per pair that the database holds."""
    script = """
import json, sys, psycopg2
connection = psycopg2.connect(sys.argv[1])
with connection, connection.cursor() as cursor:
    cursor.execute("SELECT id::text FROM catown_cats")
    cats = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT first_developer, second_developer, count(*) FROM connected_developers_checks"
        " GROUP BY 1, 2"
    )
    checks = [list(row) for row in cursor.fetchall()]
print(json.dumps({"cats": cats, "checks": checks}))
"""
    result = subprocess.run(
        [str(python), "-c", script, database_url],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = json.loads(result.stdout)
    return set(found["cats"]), Counter({(a, b): n for a, b, n in found["checks"]})


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    postgres = Cluster()
    try:
        postgres.start()
        yield postgres
    finally:
        postgres.stop()


def test_database_restarts_and_starvation_answer_only_2xx_and_503(
    tmp_path: Path, cluster: Cluster
) -> None:
    project = render(tmp_path, example_domains="all", python_version=DEFAULT_PYTHON)
    python = install(project, DEFAULT_PYTHON) / "python"
    database_url = subprocess.run(
        [str(python), str(DATABASE_TOOL), "create", cluster.url(), "service"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    env = {
        **{k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "CONNECTED_DEVELOPERS_BACKEND": "sample",
        "MAINTENANCE_REFRESH_SECONDS": str(REFRESH_SECONDS),
        "JSON_LOGS": "true",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [str(python), "manage.py", "db", "upgrade"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log = tmp_path / "server.log"
    acknowledged = Answers()

    service = Service(project, env, log)
    try:
        assert call(service.base, "POST", "/create_house")[0] == 201
        for pair in CONNECTED_PAIRS:  # so that the register of each pair has a check
            assert call(service.base, "GET", "/connected/realtime/{}/{}".format(*pair))[0] == 200
            acknowledged.checks[pair] += 1

        # 1. A restart under steady load.
        load = Load(service.base, clients=4)
        time.sleep(WARM_UP_SECONDS)
        cluster.restart()
        restarted = time.monotonic() - load.started
        time.sleep(AFTER_RESTART_SECONDS)
        restart = load.stop()

        # 2. A restart while idle, the pooled connections used a moment ago.
        time.sleep(0.5)
        cluster.restart()
        first = [
            call(service.base, *request)[0]
            for _ in range(WORKERS * 2)
            for request in (("GET", "/houses"), ("GET", "/connected/realtime/alice/bob"))
        ]
    finally:
        service.stop()
    acknowledged.checks[("alice", "bob")] += first[1::2].count(200)

    # 3. Starved of connections: 3 workers of 4 threads, 2 pooled connections each at most
    # (and one for the maintenance fence), 4 on the whole server.
    cluster.restart(max_connections=4)
    starved_env = {
        **env,
        "DATABASE_POOL_SIZE": "2",
        "DATABASE_MAX_OVERFLOW": "0",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    service = Service(project, starved_env, log, "--threads", "4")
    try:
        load = Load(service.base, clients=8)
        time.sleep(STARVED_SECONDS)
        starved = load.stop()
    finally:
        service.stop()
    cluster.restart(max_connections=100)

    cats, checks = stored(python, database_url)
    for answers in (restart, starved):
        acknowledged.cats |= answers.cats
        acknowledged.checks.update(answers.checks)
    server_log = log.read_text(errors="replace")
    print(
        f"\nrestart under load: {restart.total} answers ({restart.summary()}), "
        f"restart finished at {restarted:.1f} s"
        f"\nfirst requests after an idle restart: {Counter(first)}"
        f"\nstarved: {starved.total} answers ({starved.summary()})"
        f"\nacknowledged: {len(acknowledged.cats)} cats, {sum(acknowledged.checks.values())} "
        f"checks; stored: {len(cats)} cats, {sum(checks.values())} checks"
        f"\nserver log: {len(server_log.splitlines())} lines, {len(server_log)} bytes"
    )

    for name, answers in (("restart", restart), ("starved", starved)):
        assert answers.not_2xx_or_503() == {}, f"{name}: {answers.summary()}"
        assert answers.bad_503s == [], f"{name}: 503s a client cannot act on"
    recovered = [status for at, status in restart.timeline if at > restarted + RECOVERED_AFTER]
    assert recovered, "the load ran on after the restart"
    assert set(recovered) <= {200, 201}, f"not recovered: {Counter(recovered)}"
    assert set(first) <= {200}, f"the first requests after an idle restart: {first}"
    assert starved.statuses[503] > 0, "the starvation was real: some requests were refused"
    assert sum(n for s, n in starved.statuses.items() if 200 <= s < 300) > 0, "and some served"
    assert acknowledged.cats - cats == set(), "acknowledged cats were lost"
    for (first_dev, second_dev), count in acknowledged.checks.items():
        key = tuple(sorted((first_dev, second_dev)))
        assert checks[key] >= count, f"acknowledged checks of {key} were lost"
    assert "Traceback" not in server_log
