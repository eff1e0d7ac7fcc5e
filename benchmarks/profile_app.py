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
import os
import pstats
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
from workload import (  # noqa: E402
    ADD_CAT,
    ADD_CAT_PATH,
    ANSWER_CHANGING_VARIABLES,
    CATS,
    CATS_PATH,
    ENDPOINTS,
    HOUSES,
    HOUSES_PATH,
    READ_HOUSES,
    WARM_UP_REQUESTS,
    cat_body,
    empty_houses_for,
    house_for_cat,
    house_with_cats,
    seed,
)


def build_app(database_url: str) -> Callable[..., Iterable[bytes]]:
    for name in ANSWER_CHANGING_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(
        APP_ENV="production",
        DATABASE_URL=database_url,
        # Production refuses guessable secrets: random ones, as an operator would set.
        SECRET_KEY=secrets.token_hex(32),
        MAINTENANCE_TOKEN=secrets.token_hex(16),
        CONNECTED_DEVELOPERS_BACKEND="live",
        GITHUB_TOKEN=secrets.token_hex(20),
        TWITTER_BEARER_TOKEN=secrets.token_hex(40),
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


def requests_for(
    endpoint: str, database_url: str, requests: int
) -> Callable[[int], dict[str, Any]]:
    """The benchmark's data, seeded afresh, and EnvironBuilder's arguments for request n of
    the endpoint, n from 0 to `requests` - 1."""
    town = seed(
        sys.executable,
        database_url,
        READ_HOUSES,
        empty_houses_for(requests) if endpoint == ADD_CAT else 0,
    )
    if endpoint == HOUSES:
        return lambda number: {"path": HOUSES_PATH}
    if endpoint == CATS:
        return lambda number: {
            "path": CATS_PATH,
            "query_string": {"house_id": house_with_cats(number, town)},
        }
    return lambda number: {
        "path": ADD_CAT_PATH,
        "method": "POST",
        "json": cat_body(number, house_for_cat(number, town)),
    }


def profile(
    name: str,
    app: Callable[..., Iterable[bytes]],
    requests: Callable[[int], dict[str, Any]],
    count: int,
    sort: str,
    cpu_only: bool,
) -> None:
    for number in range(WARM_UP_REQUESTS):
        call(app, requests(number))
    # Unprofiled first: the profiler slows Python code far more than the database. CPU time is
    # this process's alone: on a busy machine it varies far less than the wall time.
    started, cpu_started = time.perf_counter(), time.process_time()
    for number in range(WARM_UP_REQUESTS, WARM_UP_REQUESTS + count):
        call(app, requests(number))
    plain = (time.perf_counter() - started) / count * 1000
    cpu = (time.process_time() - cpu_started) / count * 1000
    # With --cpu the profile counts this process's CPU time only, not the waits on PostgreSQL.
    profiler = cProfile.Profile(time.process_time) if cpu_only else cProfile.Profile()
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    profiler.enable()
    for number in range(WARM_UP_REQUESTS + count, WARM_UP_REQUESTS + 2 * count):
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
    for endpoint in ENDPOINTS:
        # Warm-up, timed and profiled requests: each run of requests numbers its own.
        requests = requests_for(endpoint, database_url, WARM_UP_REQUESTS + 2 * count)
        profile(endpoint, app, requests, count, sort, options.cpu)


if __name__ == "__main__":
    main()
