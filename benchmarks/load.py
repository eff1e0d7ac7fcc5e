"""A small closed-loop HTTP load driver: N clients for a fixed time, every latency kept.

Each client keeps its connection open while the server does (gunicorn's sync workers close it
after every answer; http.client then opens a new one for the next request, as a browser would).
"""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Builds one request: (method, path, JSON body or None). Called per request, so bodies may vary.
RequestFactory = Callable[[int], tuple[str, str, dict[str, object] | None]]


@dataclass
class LoadResult:
    requests: int = 0
    # Requests that got no answer at all (a refused connection, a timeout, a dropped answer).
    no_answer: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    # (seconds since the start, status) of every answer, when asked for; status 0: no answer.
    timeline: list[tuple[float, int]] = field(default_factory=list)
    # The request numbers used: the next run starts after them (add_cat bodies depend on them).
    next_number: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Latency in milliseconds below which `fraction` of the requests finished."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
        return ordered[index] * 1000

    @property
    def unexpected(self) -> dict[int, int]:
        """Answers with a status other than 2xx (0 counts requests that got no answer)."""
        odd = {status: n for status, n in self.statuses.items() if not 200 <= status < 300}
        if self.no_answer:
            odd[0] = self.no_answer
        return odd


def drive(
    base_url: str,
    make_request: RequestFactory,
    clients: int,
    seconds: float,
    first_number: int = 0,
    record_timeline: bool = False,
    stop: threading.Event | None = None,
) -> LoadResult:
    """Run `clients` threads, each sending requests back to back for `seconds` (or until stop)."""
    parts = urlsplit(base_url)
    result = LoadResult()
    lock = threading.Lock()
    origin = time.perf_counter()
    deadline = origin + seconds
    counter = itertools.count(first_number)
    numbers_used = [first_number]

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        timeline: list[tuple[float, int]] = []
        no_answer = 0
        while time.perf_counter() < deadline and not (stop and stop.is_set()):
            with lock:
                number = next(counter)
                numbers_used[0] = max(numbers_used[0], number + 1)
            method, path, body = make_request(number)
            payload = json.dumps(body).encode() if body is not None else None
            headers = {"Content-Type": "application/json"} if payload is not None else {}
            started = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                no_answer += 1
                if record_timeline:
                    timeline.append((time.perf_counter() - origin, 0))
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            finished = time.perf_counter()
            latencies.append(finished - started)
            if record_timeline:
                timeline.append((finished - origin, response.status))
            statuses[response.status] = statuses.get(response.status, 0) + 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.timeline.extend(timeline)
            result.no_answer += no_answer
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.requests = len(result.latencies)
    result.timeline.sort()
    result.next_number = numbers_used[0]
    return result
