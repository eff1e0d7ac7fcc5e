"""The benchmark: what the generated architecture costs against a bare Flask + psycopg2 app.

    python benchmarks/run.py            (from a virtual environment with tests/requirements.txt)

It generates projects (timing generation), installs one in a fresh virtual environment,
migrates a fresh PostgreSQL database (TEST_DATABASE_URL names the server), and serves the
generated service and benchmarks/bare_app.py with the same gunicorn settings. For GET /houses,
GET /cats?house_id= and POST /add_cat it loads each app in turn on the same freshly seeded data
and prints requests per second, p50 and p99 latency and the ratio generated/bare. Then it
measures the realtime connected-developers latency against a local GitHub and Twitter that answer
after a fixed delay and paginate (fake_upstream.py), as a multiple of the delay: on fresh
one-worker servers, the first check of each worker apart from the warm ones that follow. Last,
the seconds during which writes are refused while `manage.py db upgrade` applies a trivial
migration under add_cat load, and the generated project's own test-suite time.
--realtime-only measures the realtime check alone.

Everything runs on 127.0.0.1; every process and database it starts is stopped and dropped at the
end, whatever happens. See --help for the durations and sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cookiecutter.main import cookiecutter

BENCHMARKS = Path(__file__).resolve().parent
TEMPLATE_ROOT = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))

from fake_upstream import PAGE_SIZE, FakeUpstream  # noqa: E402
from load import LoadResult, RequestFactory, drive  # noqa: E402
from workload import (  # noqa: E402
    ADD_CAT,
    ADD_CAT_PATH,
    ANSWER_CHANGING_VARIABLES,
    CATS,
    CATS_PATH,
    HOUSES,
    HOUSES_PATH,
    READ_HOUSES,
    Town,
    cat_body,
    house_for_cat,
    house_with_cats,
    seed,
)

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# The targets for generated/bare requests per second.
TARGETS = {HOUSES: 0.8, CATS: 0.8, ADD_CAT: 0.7}
STOP_SECONDS = 20
# add_cat: how many houses take their cats in turn (see workload.house_for_cat).
SPREAD = 16
# The longest the add_cat load of the maintenance-window measurement may run, and db upgrade too.
WINDOW_LOAD_LIMIT = 180


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not found:
        raise SystemExit("uv is needed: pip install -r tests/requirements.txt")
    return found


def run(command: list[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


# --- Generation and installation ---------------------------------------------------------


def generate(template: Path, workdir: Path, count: int) -> tuple[Path, list[float]]:
    """Render `count` projects with example_domains=all; return the first and each one's time."""
    seconds = []
    projects = []
    for number in range(count):
        started = time.perf_counter()
        project = cookiecutter(
            str(template),
            no_input=True,
            output_dir=str(workdir / f"generated-{number}"),
            extra_context={"example_domains": "all"},
        )
        seconds.append(time.perf_counter() - started)
        projects.append(Path(project))
    return projects[0], seconds


def install(project: Path) -> Path:
    """A fresh virtual environment with the project and its dev extras; returns its python."""
    venv = project / ".venv"
    run([uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], timeout=300)
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    run([uv(), "pip", "install", "--quiet", "-e", f"{project}[dev]"], timeout=900, env=env)
    return venv / "bin" / "python"


# --- Processes ---------------------------------------------------------------------------


class Server:
    """A gunicorn master in its own process group, stopped (group and all) by stop()."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], cwd: Path, log: Path):
        self.name = name
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self._process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.log_path = log

    def wait_until_answering(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise SystemExit(f"{self.name} exited; its log:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{self.name} did not answer {path} within {timeout:g} s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self._process.poll() is None:
            # The group id is the master's pid (start_new_session): workers go with it.
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(STOP_SECONDS)
        self._log.close()


def gunicorn_command(python: Path, project: Path, workers: int, app: str) -> list[str]:
    """The same settings for both apps: the project's gunicorn.conf.py, sync workers."""
    command = [
        str(python.parent / "gunicorn"),
        "--config",
        str(project / "gunicorn.conf.py"),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
    ]
    help_text = run([command[0], "--help"], timeout=60).stdout
    if "--no-control-socket" in help_text:
        # Two masters would otherwise share one control socket path.
        command.append("--no-control-socket")
    return [*command, app]


# --- Data --------------------------------------------------------------------------------


class Database:
    def __init__(self, python: Path, server_url: str) -> None:
        self._python = python
        self._server_url = server_url
        self.name = f"bench_{secrets.token_hex(6)}"
        self.url = ""

    def _tool(self, *args: str, timeout: float = 120) -> str:
        return run(
            [str(self._python), str(BENCHMARKS / "database.py"), *args], timeout=timeout
        ).stdout

    def create(self) -> None:
        self.url = self._tool("create", self._server_url, self.name).strip()

    def drop(self) -> None:
        if self.url:
            self._tool("drop", self._server_url, self.name)

    def seed(self, houses: int, empty_houses: int) -> Town:
        return seed(str(self._python), self.url, houses, empty_houses)


# --- Load --------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    make_request: Callable[[Town], RequestFactory]
    empty_houses: int = 0


def endpoints(add_cat_houses: int) -> list[Endpoint]:
    def houses(town: Town) -> RequestFactory:
        return lambda number: ("GET", HOUSES_PATH, None)

    def cats(town: Town) -> RequestFactory:
        return lambda number: (
            "GET",
            f"{CATS_PATH}?house_id={house_with_cats(number, town)}",
            None,
        )

    def add_cat(town: Town) -> RequestFactory:
        def request(number: int) -> tuple[str, str, dict[str, object] | None]:
            house_id = house_for_cat(number, town, spread=SPREAD)
            return "POST", ADD_CAT_PATH, cat_body(number, house_id)

        return request

    return [
        Endpoint(HOUSES, houses),
        Endpoint(CATS, cats),
        Endpoint(ADD_CAT, add_cat, empty_houses=add_cat_houses),
    ]


@dataclass
class Measured:
    rps: float
    p50: float
    p99: float

    @classmethod
    def of(cls, result: LoadResult) -> Measured:
        return cls(result.rps, result.percentile(0.5), result.percentile(0.99))


def measure(
    server: Server, endpoint: Endpoint, database: Database, options: argparse.Namespace
) -> Measured:
    town = database.seed(options.houses, endpoint.empty_houses)
    factory = endpoint.make_request(town)
    warm = drive(server.url, factory, options.clients, options.warmup)
    result = drive(
        server.url, factory, options.clients, options.seconds, first_number=warm.next_number
    )
    # A figure is only worth reporting when every request got the answer it was meant to get:
    # 4xx, 5xx or dropped requests cost a different amount of work (usually far less).
    for phase, load in (("warm-up", warm), ("measured run", result)):
        if load.unexpected:
            raise SystemExit(
                f"{server.name} app, {endpoint.name}: the {phase} got unexpected answers "
                f"{dict(sorted(load.unexpected.items()))} (status: count, 0 = no answer) among "
                f"{dict(sorted(load.statuses.items()))}, so no figure is reported. The end of "
                f"its log:\n{server.log_path.read_text(errors='replace')[-4000:]}"
            )
    return Measured.of(result)


# --- Realtime connected developers -------------------------------------------------------

REALTIME_PATH = "/connected/realtime/ann/bo"
REALTIME_ANSWER = {"connected": True, "organisations": ["tools"]}


@dataclass
class Check:
    """One realtime check: its latency, and what it cost the fake upstream."""

    seconds: float
    requests: int
    connections: dict[str, int]


def realtime_check(server: Server, upstream: FakeUpstream) -> Check:
    """One check from a new client connection; anything but the pair's verdict stops the run."""
    requests_before, connections_before = upstream.counts()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        started = time.perf_counter()
        connection.request("GET", REALTIME_PATH)
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    if response.status != 200 or json.loads(body) != REALTIME_ANSWER:
        raise SystemExit(
            f"realtime check answered {response.status} {body[:500]!r}, not 200 "
            f"{REALTIME_ANSWER}; the end of its log:\n"
            f"{server.log_path.read_text(errors='replace')[-4000:]}"
        )
    requests_after, connections_after = upstream.counts()
    opened = {name: count - connections_before[name] for name, count in connections_after.items()}
    return Check(seconds, requests_after - requests_before, opened)


@dataclass
class RealtimeReport:
    first: list[Check]
    warm: list[Check]


def measure_realtime(
    start_worker: Callable[[], Server], upstream: FakeUpstream, starts: int, checks: int
) -> RealtimeReport:
    """`starts` times: a fresh one-worker server, ready, then `checks` checks one after another.

    The first check of each start is the first its worker ever makes; the others are warm.
    """
    report = RealtimeReport([], [])
    for _ in range(starts):
        server = start_worker()
        try:
            # As a load balancer would, the worker is asked whether it is ready before any check.
            server.wait_until_answering("/health/ready")
            report.first.append(realtime_check(server, upstream))
            report.warm.extend(realtime_check(server, upstream) for _ in range(checks - 1))
        finally:
            server.stop()
    return report


def describe_realtime(report: RealtimeReport, delay: float) -> str:
    def times(checks: list[Check]) -> str:
        median = statistics.median(check.seconds for check in checks)
        worst = max(check.seconds for check in checks)
        return (
            f"median {median * 1000:.0f} ms = {median / delay:.2f}x the delay "
            f"(max {worst * 1000:.0f} ms = {worst / delay:.2f}x)"
        )

    def costs(checks: list[Check]) -> str:
        requests = sorted({check.requests for check in checks})
        opened = {
            name: sorted({check.connections[name] for check in checks})
            for name in checks[0].connections
        }
        return f"upstream requests {requests}, connections opened {opened}"

    first_each = ", ".join(f"{check.seconds / delay:.2f}x" for check in report.first)
    return (
        f"Realtime connected developers (fake GitHub and Twitter: {delay * 1000:.0f} ms an "
        f"answer, {PAGE_SIZE} items a page), {len(report.first)} fresh one-worker servers, "
        f"checks one after another:\n"
        f"  warm ({len(report.warm)} checks): {times(report.warm)}; {costs(report.warm)}\n"
        f"  first check of a worker ({len(report.first)}): {times(report.first)}; each "
        f"{first_each}; {costs(report.first)}"
    )


# --- Migration window --------------------------------------------------------------------

TRIVIAL_MIGRATION = '''"""Benchmark: a trivial migration (a nullable column) under load.

Revision ID: 9999_benchmark
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9999_benchmark"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("catown_cats", sa.Column("benchmark_note", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("catown_cats", "benchmark_note")
'''


def head_revision(versions: Path) -> str:
    revisions, parents = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text()
        revision = re.search(r'^revision[^=]*= "([^"]+)"', text, re.M)
        parent = re.search(r'^down_revision[^=]*= "([^"]+)"', text, re.M)
        if revision:
            revisions.add(revision.group(1))
        if parent:
            parents.add(parent.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise SystemExit(f"expected one head revision, found {sorted(heads)}")
    return heads.pop()


@dataclass
class WindowReport:
    upgrade_started: float
    upgrade_seconds: float
    upgrade_output: str
    refused: int
    first_refusal: float | None
    last_refusal: float | None
    longest_gap: float
    statuses: dict[int, int]

    @property
    def refused_span(self) -> float:
        if self.first_refusal is None or self.last_refusal is None:
            return 0.0
        return self.last_refusal - self.first_refusal


@contextlib.contextmanager
def benchmark_migration(project: Path) -> Iterator[None]:
    """The trivial migration, on Catown's branch of the migrations while the block runs."""
    versions = project / "migrations" / "versions" / "catown"
    migration = versions / "9999_benchmark.py"
    migration.write_text(TRIVIAL_MIGRATION.format(head=head_revision(versions)))
    try:
        yield
    finally:
        # The project goes back to what was generated: its own tests (run next) check that
        # the models and the migrations agree, and this migration is in neither's history.
        migration.unlink()


def measure_window(
    server: Server,
    project: Path,
    python: Path,
    env: dict[str, str],
    database: Database,
    options: argparse.Namespace,
) -> WindowReport:
    """add_cat load; after a few seconds, db upgrade applies the trivial migration."""
    town = database.seed(options.houses, options.add_cat_houses)
    [add_cat] = [e for e in endpoints(options.add_cat_houses) if e.name == ADD_CAT]
    request = add_cat.make_request(town)
    outcome: dict[str, LoadResult] = {}
    stop = threading.Event()
    origin = time.perf_counter()

    def load() -> None:
        outcome["load"] = drive(
            server.url,
            request,
            options.clients,
            WINDOW_LOAD_LIMIT,
            record_timeline=True,
            stop=stop,
        )

    loader = threading.Thread(target=load)
    loader.start()
    try:
        time.sleep(options.window_lead)
        upgrade_started = time.perf_counter() - origin
        upgrade = subprocess.run(
            [str(python), "manage.py", "db", "upgrade"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=WINDOW_LOAD_LIMIT,
            check=False,
        )
        upgrade_seconds = time.perf_counter() - origin - upgrade_started
        # The load goes on a little after the command: a closed window is seen within the
        # refresh bound, so the last refusals come after it returns.
        time.sleep(options.window_lead)
    finally:
        stop.set()
        loader.join()
    if upgrade.returncode != 0:
        raise SystemExit(f"db upgrade failed:\n{upgrade.stdout}\n{upgrade.stderr}")
    result = outcome["load"]
    refusals = [moment for moment, status in result.timeline if status == 503]
    successes = [moment for moment, status in result.timeline if 200 <= status < 300]
    gaps = [later - earlier for earlier, later in itertools.pairwise(successes)]
    return WindowReport(
        upgrade_started=upgrade_started,
        upgrade_seconds=upgrade_seconds,
        upgrade_output=upgrade.stdout.strip(),
        refused=len(refusals),
        first_refusal=refusals[0] if refusals else None,
        last_refusal=refusals[-1] if refusals else None,
        longest_gap=max(gaps, default=0.0),
        statuses=dict(sorted(result.statuses.items())),
    )


# --- The generated project's tests -------------------------------------------------------


def suite_time(project: Path, python: Path, server_url: str) -> tuple[float, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("APP_ENV", "DATABASE_URL", "SECRET_KEY", "VIRTUAL_ENV")
    }
    env["TEST_DATABASE_URL"] = server_url
    env["PATH"] = f"{python.parent}{os.pathsep}{env['PATH']}"
    started = time.perf_counter()
    result = subprocess.run(
        [str(python), "-m", "unittest"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    seconds = time.perf_counter() - started
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    summary = " ".join(line for line in lines[-3:] if line.startswith(("Ran ", "OK", "FAILED")))
    failed = [line for line in lines if line.startswith(("FAIL: ", "ERROR: "))]
    if failed:
        summary += "; " + "; ".join(failed)
    return seconds, summary or f"exit {result.returncode}"


# --- Report ------------------------------------------------------------------------------


def paired_ratios(generated: list[Measured], bare: list[Measured]) -> list[float]:
    """generated/bare rps of each round: the two apps of a round run back to back, so a round's
    ratio sees the same machine, where the machine's speed drifts from round to round."""
    return [g.rps / b.rps if b.rps else float("nan") for g, b in zip(generated, bare, strict=True)]


def median_round(results: list[Measured]) -> Measured:
    return sorted(results, key=lambda measured: measured.rps)[(len(results) - 1) // 2]


def table(rows: list[tuple[str, list[Measured], list[Measured]]]) -> str:
    header = (
        f"{'endpoint':<20} {'generated rps':>13} {'p50 ms':>7} {'p99 ms':>7}   "
        f"{'bare rps':>8} {'p50 ms':>7} {'p99 ms':>7}   {'ratio':>5} {'rounds':>11} "
        f"{'target':>6}"
    )
    lines = [header, "-" * len(header)]
    for name, generated_runs, bare_runs in rows:
        ratios = paired_ratios(generated_runs, bare_runs)
        ratio = statistics.median(ratios)
        generated, bare = median_round(generated_runs), median_round(bare_runs)
        target = TARGETS[name]
        verdict = "ok" if ratio >= target else "MISS"
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        lines.append(
            f"{name:<20} {generated.rps:>13.0f} {generated.p50:>7.1f} {generated.p99:>7.1f}   "
            f"{bare.rps:>8.0f} {bare.p50:>7.1f} {bare.p99:>7.1f}   "
            f"{ratio:>5.2f} {spread:>11} {'>=' + format(target, '.1f'):>6} {verdict}"
        )
    return "\n".join(lines)


def environment_of_generated(
    database_url: str, port: int, workers: int, upstream: FakeUpstream
) -> dict[str, str]:
    """Production settings, with everything production requires (see .env.example)."""
    inherited = {
        name: value for name, value in os.environ.items() if name not in ANSWER_CHANGING_VARIABLES
    }
    return {
        **inherited,
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "MAINTENANCE_TOKEN": secrets.token_hex(16),
        "CONNECTED_DEVELOPERS_BACKEND": "live",
        "GITHUB_API_URL": f"{upstream.url}/github",
        "GITHUB_TOKEN": "benchmark-github-token",
        "TWITTER_API_URL": f"{upstream.url}/twitter",
        "TWITTER_BEARER_TOKEN": "benchmark-twitter-token",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per run")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per app")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds per endpoint, each running both apps back to back (alternating which goes "
        "first); the ratio is the median of the rounds' ratios",
    )
    parser.add_argument("--houses", type=int, default=READ_HOUSES, help="houses with 0-4 cats")
    parser.add_argument(
        "--add-cat-houses", type=int, default=3000, help="empty houses add_cat fills, 4 cats each"
    )
    parser.add_argument("--generations", type=int, default=3, help="projects generated (timed)")
    parser.add_argument("--upstream-delay", type=float, default=0.1, help="seconds")
    parser.add_argument(
        "--realtime-starts",
        type=int,
        default=5,
        help="fresh one-worker servers the realtime check is measured on (one first check each)",
    )
    parser.add_argument(
        "--realtime-checks", type=int, default=20, help="realtime checks per fresh server"
    )
    parser.add_argument(
        "--realtime-only",
        action="store_true",
        help="measure only the realtime check: no load, maintenance window or test suite",
    )
    parser.add_argument(
        "--window-lead",
        type=float,
        default=4,
        help="seconds of add_cat load before db upgrade starts, and after it returns",
    )
    parser.add_argument("--skip-suite", action="store_true", help="skip the project's tests")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--template",
        type=Path,
        default=TEMPLATE_ROOT,
        help="the template to generate from (another checkout, to compare versions)",
    )
    options = parser.parse_args()
    server_url = os.environ.get("TEST_DATABASE_URL", "").strip() or DEFAULT_SERVER
    if urllib.parse.urlsplit(server_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The benchmark only runs against a PostgreSQL server on this machine.")

    workdir = Path(tempfile.mkdtemp(prefix="onion-benchmark-"))
    report: list[str] = []
    with ExitStack() as stack:
        if not options.keep:
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        log(f"generating {options.generations} projects in {workdir}")
        project, generation_seconds = generate(options.template, workdir, options.generations)
        report.append(
            f"Generation (example_domains=all), {options.generations} projects: "
            f"mean {statistics.mean(generation_seconds):.2f} s, "
            f"min {min(generation_seconds):.2f} s, max {max(generation_seconds):.2f} s"
        )
        log("installing the project in a fresh virtual environment")
        started = time.perf_counter()
        python = install(project)
        report.append(
            f"Install (uv, project with dev extras): {time.perf_counter() - started:.1f} s"
        )

        database = Database(python, server_url)
        database.create()
        stack.callback(database.drop)
        upstream = stack.enter_context(FakeUpstream(options.upstream_delay))
        generated_env = environment_of_generated(
            database.url, free_port(), options.workers, upstream
        )
        log(f"migrating {database.name}")
        run(
            [str(python), "manage.py", "db", "upgrade"], timeout=300, cwd=project, env=generated_env
        )

        def serve(name: str, app: str, env: dict[str, str], workers: int) -> Server:
            """Every app under the same gunicorn settings, each logging to its own file."""
            command = gunicorn_command(python, project, workers, app)
            server = Server(name, command, env, project, workdir / f"{name}.log")
            stack.callback(server.stop)
            return server

        def realtime_worker() -> Server:
            env = {**generated_env, "PORT": str(free_port()), "WEB_CONCURRENCY": "1"}
            return serve("realtime", "wsgi:app", env, workers=1)

        if not options.realtime_only:
            generated = serve("generated", "wsgi:app", generated_env, options.workers)
            bare_env = {
                **os.environ,
                "BARE_DATABASE_DSN": database.url,
                "HOST": "127.0.0.1",
                "PORT": str(free_port()),
                "WEB_CONCURRENCY": str(options.workers),
                "PYTHONPATH": str(BENCHMARKS),
            }
            bare = serve("bare", "bare_app:app", bare_env, options.workers)
            generated.wait_until_answering("/health/ready")
            bare.wait_until_answering(HOUSES_PATH)

            rows = []
            for endpoint in endpoints(options.add_cat_houses):
                runs: dict[str, list[Measured]] = {"generated": [], "bare": []}
                for round_number in range(options.rounds):
                    order = [generated, bare] if round_number % 2 == 0 else [bare, generated]
                    for server in order:
                        log(f"{endpoint.name}: {server.name}, round {round_number + 1}")
                        runs[server.name].append(measure(server, endpoint, database, options))
                rows.append((endpoint.name, runs["generated"], runs["bare"]))
            bare.stop()
            load_table = table(rows)
            print(
                f"\nLoad: {options.workers} sync gunicorn workers per app, "
                f"{options.clients} clients, {options.seconds:g} s measured after "
                f"{options.warmup:g} s warm-up, {options.rounds} round(s)\n{load_table}\n",
                flush=True,
            )

        log("realtime connected developers")
        realtime = measure_realtime(
            realtime_worker, upstream, options.realtime_starts, options.realtime_checks
        )
        report.append(describe_realtime(realtime, options.upstream_delay))

        if not options.realtime_only:
            log("maintenance window: db upgrade of a trivial migration under add_cat load")
            with benchmark_migration(project):
                window = measure_window(
                    generated, project, python, generated_env, database, options
                )
            if window.refused:
                refusal = (
                    f"writes refused (503) from {window.first_refusal:.2f} s to "
                    f"{window.last_refusal:.2f} s: {window.refused_span:.2f} s, "
                    f"{window.refused} answers"
                )
            else:
                refusal = "no write was refused (no 503): the maintenance window is not in place"
            report.append(
                f"Maintenance window, {options.clients} add_cat clients: db upgrade of a trivial "
                f"migration started at {window.upgrade_started:.2f} s and took "
                f"{window.upgrade_seconds:.2f} s (a new Python process: imports included); "
                f"{refusal}; longest time without a successful write "
                f"{window.longest_gap:.2f} s; statuses {window.statuses}"
            )
            print("db upgrade said:\n  " + window.upgrade_output.replace("\n", "\n  "), flush=True)
            generated.stop()

        if not (options.skip_suite or options.realtime_only):
            log("the generated project's test suite on PostgreSQL")
            seconds, summary = suite_time(project, python, server_url)
            report.append(
                f"Generated project's test suite (python -m unittest): {seconds:.0f} s, {summary}"
            )

    print("\n".join(report), flush=True)


if __name__ == "__main__":
    main()
