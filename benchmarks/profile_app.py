"""Profile the generated service in-process: its WSGI app called directly, PostgreSQL behind it.

Run it with the generated project's Python, from the project's folder, on a migrated database:

    python /path/to/benchmarks/profile_app.py DATABASE_URL [REQUESTS] [--sort KEY] [--bare] [--cpu]

It seeds the benchmark's data (benchmarks/database.py), builds the app with production settings,
and for GET /houses, GET /cats?house_id= and POST /add_cat prints the mean time per request over
REQUESTS requests (300 unless told) and the functions that cost the most (cProfile, sorted by
KEY: cumulative unless told, e.g. tottime), with no HTTP server or client in the way. --bare does
the same for benchmarks/bare_app.py, for comparison; --cpu profiles CPU time instead of wall
time, leaving out the waits on PostgreSQL.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
from natures import NATURES  # noqa: E402

# Variables the generated app reads that would change its answers if inherited from the caller's
# environment: with API_KEY set, every Catown request without the Api-Key header answers 401.
ANSWER_CHANGING_VARIABLES = ("API_KEY",)


def seed(database_url: str, houses: int, empty: int) -> dict[str, list[str]]:
    output = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "database.py"),
            "seed",
            database_url,
            str(houses),
            str(empty),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    town: dict[str, list[str]] = json.loads(output)
    return town


def build_app(database_url: str) -> Callable[..., Iterable[bytes]]:
    for name in ANSWER_CHANGING_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(
        APP_ENV="production",
        DATABASE_URL=database_url,
        SECRET_KEY="p" * 64,
        MAINTENANCE_TOKEN="m" * 32,
        CONNECTED_DEVELOPERS_BACKEND="live",
        GITHUB_TOKEN="profile",
        TWITTER_BEARER_TOKEN="profile",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "INFO"),
    )
    sys.path.insert(0, os.getcwd())
    import wsgi

    app: Callable[..., Iterable[bytes]] = wsgi.app
    return app


def call(app: Callable[..., Iterable[bytes]], builder_args: dict[str, Any]) -> int:
    environ = EnvironBuilder(**builder_args).get_environ()
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(line)
        return lambda data: None

    body = app(environ, start_response)
    for _ in body:
        pass
    close = getattr(body, "close", None)
    if close:
        close()
    return int(status[0].split()[0])


def profile(
    name: str,
    app: Callable[..., Iterable[bytes]],
    requests: Callable[[int], dict[str, Any]],
    count: int,
    sort: str,
    cpu_only: bool,
) -> None:
    for number in range(20):  # warm-up: first-request work is not what a request costs
        call(app, requests(number))
    # Unprofiled first: the profiler slows Python code far more than the database. CPU time is
    # this process's alone: on a busy machine it varies far less than the wall time.
    started, cpu_started = time.perf_counter(), time.process_time()
    for number in range(20, 20 + count):
        call(app, requests(number))
    plain = (time.perf_counter() - started) / count * 1000
    cpu = (time.process_time() - cpu_started) / count * 1000
    # With --cpu the profile counts this process's CPU time only, not the waits on PostgreSQL.
    profiler = cProfile.Profile(time.process_time) if cpu_only else cProfile.Profile()
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    profiler.enable()
    for number in range(20 + count, 20 + 2 * count):
        status = call(app, requests(number))
        statuses[status] = statuses.get(status, 0) + 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(
        f"\n=== {name}: {count} requests, {plain:.2f} ms each, {cpu:.2f} ms of CPU in this "
        f"process ({elapsed / count * 1000:.2f} ms profiled), {statuses}"
    )
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats(sort).print_stats(25)
    print(stream.getvalue())


def build_bare_app(database_url: str) -> Callable[..., Iterable[bytes]]:
    os.environ["BARE_DATABASE_DSN"] = database_url.replace(
        "postgresql+psycopg2://", "postgresql://"
    )
    import bare_app  # found through BENCHMARKS, put on sys.path above

    app: Callable[..., Iterable[bytes]] = bare_app.app
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", metavar="DATABASE_URL", help="a migrated database")
    parser.add_argument(
        "requests",
        metavar="REQUESTS",
        type=int,
        nargs="?",
        default=300,
        help="requests per endpoint, timed and then profiled (default: 300)",
    )
    parser.add_argument(
        "--sort",
        metavar="KEY",
        default="cumulative",
        help="pstats sort key, e.g. tottime (default: cumulative)",
    )
    parser.add_argument("--bare", action="store_true", help="profile benchmarks/bare_app.py")
    parser.add_argument(
        "--cpu", action="store_true", help="profile CPU time, leaving out waits on PostgreSQL"
    )
    options = parser.parse_args()
    database_url, count, sort = options.database_url, options.requests, options.sort
    app = build_bare_app(database_url) if options.bare else build_app(database_url)
    # The benchmark's data: 100 houses with 0 to 4 cats for the reads; add_cat fills empty ones.
    with_cats = seed(database_url, 100, 0)["with_cats"]

    def houses(number: int) -> dict[str, Any]:
        return {"path": "/houses"}

    def cats(number: int) -> dict[str, Any]:
        return {"path": "/cats", "query_string": {"house_id": with_cats[number % len(with_cats)]}}

    empty: list[str] = []

    def add_cat(number: int) -> dict[str, Any]:
        body = {
            "name": f"Cat {number}",
            "birthdate": "2015-3-7",
            "nature": NATURES[number % len(NATURES)],
            "house_id": empty[number // 4],
        }
        return {"path": "/add_cat", "method": "POST", "json": body}

    profile("GET /houses", app, houses, count, sort, options.cpu)
    profile("GET /cats?house_id=", app, cats, count, sort, options.cpu)
    empty = seed(database_url, 100, count // 2 + 20)["empty"]
    profile("POST /add_cat", app, add_cat, count, sort, options.cpu)


if __name__ == "__main__":
    main()
