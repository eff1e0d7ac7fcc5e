"""Catown under concurrent requests: gunicorn with several workers, PostgreSQL, every invariant.

Many add_cat and transfer requests hit the same few houses at once; afterwards the database must
show no house over four cats, the counts and coefficients the API reports must be those of the
cats that live there, some house must have room, and exactly the acknowledged cats and houses
must have been written.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

from {{ cookiecutter.package_name }}.domain.models.catown.house import HOUSE_CAPACITY
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature

from ...support.cases import DatabaseTestCase
from ...support.database import PROJECT_ROOT, empty_all_tables, test_database_url
from ...support.processes import free_port
from .support import build_house, resident_counts, residents

WORKERS = 3
CLIENT_THREADS = 16
REQUEST_TIMEOUT_SECONDS = 30
STARTUP_ATTEMPTS = 300  # a tenth of a second apart
NATURES = list(Nature)

Answer = tuple[int, Any]


@dataclass(frozen=True)
class Job:
    path: str
    body: dict[str, str] = field(default_factory=dict)
    # Ask GET /houses first and send the cat to the emptiest house, as the front end does.
    to_emptiest: bool = False


class Server:
    """gunicorn serving the project on the run's test database, on a free local port."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = {
            **os.environ,
            "APP_ENV": "testing",
            "DATABASE_URL": test_database_url(),
            "LOG_LEVEL": "WARNING",
            # Set, though empty, so that no API_KEY from a local .env applies.
            "API_KEY": "",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            # Import the application once, then fork: the workers are still separate processes
            # with connections of their own, and they start in a fraction of the time.
            "--preload",
            "wsgi:app",
        ]
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> Answer:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_SECONDS
        )
        try:
            payload = None if body is None else json.dumps(body)
            headers = {} if body is None else {"Content-Type": "application/json"}
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            is_json = response.getheader("Content-Type") == "application/json"
            return response.status, json.loads(raw) if is_json else None
        finally:
            connection.close()

    def wait_until_live(self) -> None:
        for _ in range(STARTUP_ATTEMPTS):
            if self.process.poll() is not None:
                break
            try:
                if self.request("GET", "/health/live")[0] == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        # SIGINT: gunicorn's quick shutdown; every request has been answered by now.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


class ConcurrentRequestsTest(DatabaseTestCase):
    server: ClassVar[Server]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        logs = tempfile.TemporaryDirectory()
        cls.addClassCleanup(logs.cleanup)
        cls.server = Server(Path(logs.name) / "gunicorn.log")
        cls.addClassCleanup(cls.server.stop)
        cls.server.wait_until_live()

    def seed(self, counts: Sequence[int]) -> tuple[list[UUID], list[UUID]]:
        """Houses with these numbers of cats, of varied natures; their ids and the cats' ids."""
        houses: list[UUID] = []
        cats: list[UUID] = []
        for index, count in enumerate(counts):
            natures = [NATURES[(index + cat) % len(NATURES)] for cat in range(count)]
            house_id, cat_ids = build_house(self.session_factory, natures)
            houses.append(house_id)
            cats.extend(cat_ids)
        return houses, cats

    def run_job(self, job: Job, barrier: threading.Barrier | None = None) -> Answer:
        body = dict(job.body)
        if job.to_emptiest:
            status, houses = self.server.request("GET", "/houses")
            if status != 200:
                return status, houses
            body["house_id"] = houses[0]["id"]
        if barrier is not None:
            barrier.wait(timeout=REQUEST_TIMEOUT_SECONDS)
        return self.server.request("POST", job.path, body)

    def assert_town_is_consistent(
        self,
        houses: list[UUID],
        cats: list[UUID],
        jobs: list[Job],
        answers: list[Answer],
    ) -> Counter[tuple[str, int]]:
        """Check every invariant against the database; return how the requests were answered."""
        outcomes = Counter(
            (job.path, status) for job, (status, _) in zip(jobs, answers, strict=True)
        )
        self.assertEqual({status for _, status in outcomes} - {201, 400}, set(), outcomes)
        for status, body in answers:
            if status == 400:
                self.assertIsInstance(body["message"], str)
        added = [
            body
            for job, (status, body) in zip(jobs, answers, strict=True)
            if job.path == "/add_cat" and status == 201
        ]

        town = residents(self.engine)
        counts = {house_id: len(residents) for house_id, residents in town.items()}
        self.assertEqual(resident_counts(self.engine), counts)
        self.assertLessEqual(max(counts.values()), HOUSE_CAPACITY, counts)
        self.assertTrue(any(count < HOUSE_CAPACITY for count in counts.values()), counts)
        # Exactly the acknowledged cats and houses were written; no refused request wrote any.
        living = {cat_id for residents in town.values() for cat_id, _ in residents}
        self.assertEqual(living, set(cats) | {UUID(body["id"]) for body in added})
        new_homes = {UUID(body["new_home_id"]) for body in added if "new_home_id" in body}
        self.assertEqual(set(town), set(houses) | new_homes)

        status, reported = self.server.request("GET", "/houses")
        self.assertEqual(status, 200)
        self.assertEqual({UUID(house["id"]) for house in reported}, set(town))
        for house in reported:
            natures = [nature for _, nature in town[UUID(house["id"])]]
            pair_sum = sum((a.coexistence_with(b) for a, b in combinations(natures, 2)), Decimal(0))
            self.assertEqual((house["count"], house["coex"]), (len(natures), float(pair_sum)))
        return outcomes

    def test_a_burst_of_add_cat_and_transfer_keeps_every_invariant(self) -> None:
        # One free place in each of four houses, and no other house: the first add_cats race
        # for the last free places, then the town grows while cats move between houses.
        houses, cats = self.seed([3, 3, 3, 3])
        adds = [
            Job(
                "/add_cat",
                {
                    "name": f"cat {index}",
                    "birthdate": "2015-3-7",
                    "nature": NATURES[index % len(NATURES)].name,
                    "house_id": str(houses[index // 2 % len(houses)]),
                },
                to_emptiest=index % 2 == 1,
            )
            for index in range(60)
        ]
        transfers = [
            Job(
                "/transfer",
                {
                    "cat_id": str(cats[(index * 5) % len(cats)]),
                    "destiny_id": str(houses[(index * 3 + 1) % len(houses)]),
                },
            )
            for index in range(30)
        ]
        jobs = [job for pair in zip(adds, transfers + adds[30:], strict=True) for job in pair]
        with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
            answers = list(pool.map(self.run_job, jobs))

        outcomes = self.assert_town_is_consistent(houses, cats, jobs, answers)
        # Enough requests succeeded for the run to prove something.
        self.assertGreaterEqual(outcomes["/add_cat", 201], 10, outcomes)
        self.assertGreaterEqual(outcomes["/transfer", 201], 1, outcomes)

    def test_filling_the_last_free_places_at_once_still_leaves_a_free_house(self) -> None:
        # Each round: three houses with one free place each and no other house; two add_cats
        # per house are released together. One per house gets in, and the last to fill a
        # house must see that none has room left and build one.
        for _ in range(10):
            empty_all_tables(self.engine)
            houses, cats = self.seed([3, 3, 3])
            jobs = [
                Job(
                    "/add_cat",
                    {
                        "name": "racer",
                        "birthdate": "2015-03-07",
                        "nature": NATURES[index].name,
                        "house_id": str(houses[index % len(houses)]),
                    },
                )
                for index in range(2 * len(houses))
            ]
            barrier = threading.Barrier(len(jobs))
            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                answers = list(pool.map(self.run_job, jobs, [barrier] * len(jobs)))
            outcomes = self.assert_town_is_consistent(houses, cats, jobs, answers)
            self.assertEqual(outcomes["/add_cat", 201], len(houses), outcomes)
