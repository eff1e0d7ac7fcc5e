"""Many instances behind a load balancer, run with a generated project's Python from its folder.

    python many_instances.py WORKDIR RESULTS.json

The project's own test helpers (tests/support/maintenance_probe.py) serve its probe routes under
gunicorn and gunicorn.conf.py, two sync workers an instance, production settings (from the
environment this script is given, over the helpers' test settings). HAProxy (Debian's package)
balances 127.0.0.1 ports over up to six instances, checking /health/ready every 300 ms, and
retries nothing, so every failure an instance causes reaches a client. PgBouncer (Debian's
package, in transaction mode, as an unprivileged process) stands between the instances and
PostgreSQL in the last part. Writers post probe writes through the balancer while:

1. `manage.py db upgrade` adds a column, backfills it and sleeps 3 s in a window, with 2 and then
   6 instances on PostgreSQL directly;
2. the six instances are replaced one at a time as a Deployment rolls (a new one started and
   taken in by the balancer, then an old one sent SIGTERM), the new ones going through PgBouncer
   with the fence on the direct URL;
3. the same upgrade runs with the six instances behind PgBouncer.

It also starts an instance and the migrator with DATABASE_POOLER=transaction and no direct URL,
which must refuse. Everything is stopped and the database dropped at the end. It writes what each
client was told, token by token, and the figures to RESULTS.json; the template's test judges them.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests.support.database import create_fresh_database
from tests.support.maintenance_probe import (
    ADD_COLUMN,
    PROBE_REVISION,
    fence_sessions,
    invoke,
    probe_migrations,
    probe_tokens,
    serve,
    wait_until,
)
from tests.support.processes import free_port, run_manage

INSTANCE_COUNTS = (2, 6)
WORKERS = 2
# Writers posting through the balancer at once, each pausing between its writes.
WRITERS = 4
MIGRATION_SLEEP = "3"
# Each write keeps its transaction open this long: some are in flight when a window opens.
HOLD_SECONDS = 0.05
PAUSE = 0.02
REFUSED_PAUSE = 0.05
# Writes before the upgrade starts, and after it has finished, in each window scenario.
WARM_UP_WRITES = 30
RESUMED_WRITES = 30
# Seconds an instance answers 503 on /health/ready after SIGTERM, before its socket closes: more
# than the balancer's check interval (300 ms) with the checks late on a loaded machine.
DRAIN_SECONDS = "1.5"
PHASE_LIMIT = 150
MAINTENANCE_MESSAGE = "Service is currently enduring maintenance"


@dataclass
class Outcomes:
    """What the writers were told, token by token, and when."""

    acknowledged: dict[str, float] = field(default_factory=dict)
    refused: dict[str, float] = field(default_factory=dict)
    unexpected: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged_since(self, moment: float) -> int:
        with self.lock:
            return sum(1 for at in self.acknowledged.values() if at >= moment)

    def total(self) -> int:
        with self.lock:
            return len(self.acknowledged) + len(self.refused) + sum(self.unexpected.values())


class Writers:
    """Threads that post probe writes through the balancer until stopped."""

    def __init__(self, base_url: str) -> None:
        self.outcomes = Outcomes()
        self._base_url = base_url
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._write) for _ in range(WRITERS)]

    def __enter__(self) -> Outcomes:
        for thread in self._threads:
            thread.start()
        return self.outcomes

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _write(self) -> None:
        deadline = time.monotonic() + PHASE_LIMIT
        with httpx.Client(base_url=self._base_url, timeout=30) as client:
            while not self._stop.is_set() and time.monotonic() < deadline:
                token = uuid.uuid4().hex
                try:
                    response = client.post(
                        "/probe/writes", params={"hold": HOLD_SECONDS}, json={"token": token}
                    )
                    outcome = _classify(response)
                except httpx.HTTPError as error:
                    outcome = type(error).__name__
                now = time.monotonic()
                with self.outcomes.lock:
                    if outcome == "201":
                        self.outcomes.acknowledged[token] = now
                    elif outcome == "503 window":
                        self.outcomes.refused[token] = now
                    else:
                        self.outcomes.unexpected[outcome] += 1
                time.sleep(REFUSED_PAUSE if outcome == "503 window" else PAUSE)


def _classify(response: httpx.Response) -> str:
    """201; '503 window' for the maintenance window's own refusal; anything else as it came."""
    if response.status_code == 503:
        try:
            if response.json().get("message") == MAINTENANCE_MESSAGE:
                return "503 window"
        except ValueError:
            pass
        return "503 not the window's"
    return str(response.status_code)


class Balancer:
    """HAProxy on a loopback port over the instance ports, with its stats socket."""

    def __init__(self, workdir: Path, ports: list[int]) -> None:
        self.port = free_port()
        self._socket = workdir / "haproxy.sock"
        servers = "\n".join(
            f"    server instance{index} 127.0.0.1:{port} check"
            for index, port in enumerate(ports, 1)
        )
        config = workdir / "haproxy.cfg"
        config.write_text(
            f"""global
    maxconn 2000
    stats socket {self._socket} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 0

frontend service
    bind 127.0.0.1:{self.port}
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 300ms fall 1 rise 1
{servers}
"""
        )
        self.process = subprocess.Popen(
            [_binary("haproxy"), "-db", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=(workdir / "haproxy.log").open("wb"),
        )
        if not wait_until(self._socket.exists, timeout=10):
            raise RuntimeError(f"HAProxy did not start: {(workdir / 'haproxy.log').read_text()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> set[int]:
        """The numbers of the instances HAProxy sends requests to now."""
        with socket.socket(socket.AF_UNIX) as stats:
            stats.connect(str(self._socket))
            stats.sendall(b"show stat\n")
            answer = b"".join(iter(lambda: stats.recv(65536), b"")).decode()
        rows = csv.DictReader(answer.lstrip("# ").splitlines())
        return {
            int(row["svname"].removeprefix("instance"))
            for row in rows
            if row["svname"].startswith("instance") and row["status"] == "UP"
        }

    def wait_for(self, instances: set[int]) -> None:
        if not wait_until(lambda: self.up() == instances, timeout=90, interval=0.1):
            raise RuntimeError(f"HAProxy sees {sorted(self.up())} up, not {sorted(instances)}")


class PgBouncer:
    """PgBouncer in transaction mode on a loopback port, in front of the test server."""

    def __init__(self, workdir: Path, server_url: str) -> None:
        server = make_url(server_url)
        self.port = free_port()
        folder = workdir / "pgbouncer"
        folder.mkdir()
        (folder / "userlist.txt").write_text(f'"{server.username}" ""\n')
        config = folder / "pgbouncer.ini"
        config.write_text(
            f"""[databases]
* = host={server.host} port={server.port or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "userlist.txt"}
pool_mode = transaction
default_pool_size = 10
max_client_conn = 500
"""
        )
        command = [_binary("pgbouncer"), str(config)]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            for path in (workdir, folder, config, folder / "userlist.txt"):
                path.chmod(0o755 if path.is_dir() else 0o644)
            command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=(workdir / "pgbouncer.log").open("wb")
        )
        if not wait_until(lambda: _listening(self.port), timeout=10):
            raise RuntimeError(
                f"PgBouncer did not start: {(workdir / 'pgbouncer.log').read_text()}"
            )

    def url(self, database_url: str) -> str:
        pooled = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return pooled.render_as_string(hide_password=False)


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError(f"{name} is needed: apt-get install {name}")
    return found


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _stop(process: subprocess.Popen[Any]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


@contextmanager
def stopping(process: subprocess.Popen[Any]) -> Iterator[subprocess.Popen[Any]]:
    try:
        yield process
    finally:
        _stop(process)


class Cluster:
    """Instances on numbered ports (the balancer's slots), each with the environment of its kind."""

    def __init__(self, workdir: Path, database_url: str, ports: list[int]) -> None:
        self._workdir = workdir
        self._database_url = database_url
        self.ports = ports
        self.instances: dict[int, subprocess.Popen[bytes]] = {}
        self._starts = 0

    def start(self, number: int, environment: dict[str, str]) -> None:
        self._starts += 1
        runtime = self._workdir / f"run-{self._starts}"  # gunicorn's control socket, per master
        runtime.mkdir()
        log = (self._workdir / f"instance-{number}-{self._starts}.log").open("wb")
        self.instances[number] = serve(
            self._database_url,
            self.ports[number - 1],
            workers=WORKERS,
            threads=1,
            log=log,
            XDG_RUNTIME_DIR=str(runtime),
            **environment,
        )

    def stop(self, number: int) -> int:
        return _stop(self.instances.pop(number))

    def stop_all(self) -> None:
        for number in list(self.instances):
            self.stop(number)


def window_scenario(
    name: str,
    cluster: Cluster,
    balancer: Balancer,
    database_url: str,
    migrations: Path,
    environment: dict[str, str],
) -> dict[str, Any]:
    """Writers through the balancer while db upgrade runs its window; what each was told."""
    _empty_probe_table(database_url)
    with Writers(balancer.url) as outcomes:
        _until(lambda: len(outcomes.acknowledged) >= WARM_UP_WRITES, "writes before the upgrade")
        sessions = _sessions(database_url)
        started = time.monotonic()
        upgrade = run_manage(
            "db",
            "--directory",
            str(migrations),
            "upgrade",
            environ={**environment, "MAINTENANCE_PROBE_SLEEP": MIGRATION_SLEEP},
            timeout=PHASE_LIMIT,
        )
        finished = time.monotonic()
        _until(lambda: outcomes.acknowledged_since(finished) >= RESUMED_WRITES, "writes after it")
    stored = probe_tokens(database_url)
    refused_at = sorted(outcomes.refused.values())
    acknowledged_at = sorted(outcomes.acknowledged.values())
    result = {
        "name": name,
        "instances": len(cluster.instances),
        "upgrade_exit": upgrade.returncode,
        "upgrade_output": upgrade.stdout + upgrade.stderr,
        "upgrade_seconds": round(finished - started, 2),
        "window_seconds": round(refused_at[-1] - refused_at[0], 2) if refused_at else 0.0,
        "longest_gap_without_a_write": round(_longest_gap(acknowledged_at, started), 2),
        "sessions_under_load": sessions,
        "fence_sessions": fence_sessions(database_url),
        **_judge(outcomes, stored),
        "acknowledged_after_upgrade": outcomes.acknowledged_since(finished),
    }
    _downgrade(database_url, migrations)
    return result


def rolling_restart(
    cluster: Cluster, balancer: Balancer, database_url: str, environment: dict[str, str]
) -> dict[str, Any]:
    """Every instance replaced under load, one at a time, as a Deployment rolls with a surge of
    one: a new instance started and taken in by the balancer, then an old one sent SIGTERM."""
    _empty_probe_table(database_url)
    free = [slot for slot in range(1, len(cluster.ports) + 1) if slot not in cluster.instances]
    stopping: list[tuple[int, subprocess.Popen[bytes]]] = []
    exits = []
    started = time.monotonic()
    with Writers(balancer.url) as outcomes:
        _until(lambda: len(outcomes.acknowledged) >= WARM_UP_WRITES, "writes before the restart")
        for old in sorted(cluster.instances):
            cluster.start(free.pop(0), environment)
            balancer.wait_for(set(cluster.instances))
            process = cluster.instances.pop(old)
            process.send_signal(signal.SIGTERM)
            stopping.append((old, process))
            if not free:  # a port is free again once the instance on it has exited
                slot, process = stopping.pop(0)
                exits.append(process.wait(timeout=PHASE_LIMIT))
                free.append(slot)
        exits.extend(process.wait(timeout=PHASE_LIMIT) for _, process in stopping)
        balancer.wait_for(set(cluster.instances))
        finished = time.monotonic()
        _until(lambda: outcomes.acknowledged_since(finished) >= RESUMED_WRITES, "writes after it")
    return {
        "instances": len(cluster.instances),
        "seconds": round(finished - started, 1),
        "exit_codes": exits,
        "requests": outcomes.total(),
        **_judge(outcomes, probe_tokens(database_url)),
    }


def refusals(database_url: str, workdir: Path, environment: dict[str, str]) -> dict[str, Any]:
    """DATABASE_POOLER=transaction without DATABASE_DIRECT_URL: the service and migrator refuse."""
    pooled = {**environment, "DATABASE_POOLER": "transaction", "DATABASE_DIRECT_URL": ""}
    migrator = invoke("db", "upgrade", database_url=database_url, **pooled)
    log_path = workdir / "refused-instance.log"
    with log_path.open("wb") as log:
        instance = serve(database_url, free_port(), workers=1, threads=1, log=log, **pooled)
        try:
            exit_code = instance.wait(timeout=60)
        except subprocess.TimeoutExpired:
            exit_code = _stop(instance)
            exit_code = -1000 - exit_code  # still running: it did not refuse
    return {
        "migrator_exit": migrator.exit_code,
        "migrator_output": migrator.output,
        "instance_exit": exit_code,
        "instance_log": log_path.read_text(errors="replace")[-3000:],
    }


def _judge(outcomes: Outcomes, stored: set[str]) -> dict[str, Any]:
    acknowledged, refused = set(outcomes.acknowledged), set(outcomes.refused)
    return {
        "acknowledged": len(acknowledged),
        "refused": len(refused),
        "unexpected": dict(outcomes.unexpected),
        "acknowledged_missing": len(acknowledged - stored),
        "refused_stored": len(refused & stored),
        "stored_unacknowledged": len(stored - acknowledged - refused),
    }


def _longest_gap(times: list[float], since: float) -> float:
    later = [moment for moment in times if moment >= since]
    before = [moment for moment in times if moment < since][-1:]
    points = before + later
    return max((b - a for a, b in pairwise(points)), default=0.0)


def _until(condition: Any, what: str) -> None:
    if not wait_until(condition, timeout=PHASE_LIMIT, interval=0.05):
        raise RuntimeError(f"no {what} within {PHASE_LIMIT} s")


def _execute(database_url: str, sql: str) -> Any:
    """Run one statement in a transaction of its own; its first value, if it returns rows."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def _empty_probe_table(database_url: str) -> None:
    _execute(database_url, "TRUNCATE maintenance_probe")


def _downgrade(database_url: str, migrations: Path) -> None:
    result = run_manage(
        "db",
        "--directory",
        str(migrations),
        "downgrade",
        PROBE_REVISION,
        "--no-window",
        "--yes",  # it drops the probe's column, rows and all, on purpose
        environ=_migrator_environment(database_url),
    )
    if result.returncode:
        raise RuntimeError(f"the downgrade failed: {result.stdout}{result.stderr}")


def _sessions(database_url: str) -> int:
    """The sessions other than this one on the database: what the instances hold."""
    return int(
        _execute(
            database_url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()",
        )
    )


def _migrator_environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "APP_ENV": os.environ["APP_ENV"],
        "DATABASE_URL": database_url,
        "MAINTENANCE_REFRESH_SECONDS": os.environ["MAINTENANCE_REFRESH_SECONDS"],
        **extra,
    }


def main(workdir: Path, results_path: Path) -> None:
    database_url = create_fresh_database("many_instances")
    migrations = probe_migrations(workdir, ADD_COLUMN)
    migrated = run_manage(
        "db",
        "--directory",
        str(migrations),
        "upgrade",
        PROBE_REVISION,
        environ=_migrator_environment(database_url),
    )
    if migrated.returncode:
        raise RuntimeError(f"cannot migrate: {migrated.stdout}{migrated.stderr}")
    production = {
        "APP_ENV": os.environ["APP_ENV"],
        "MAINTENANCE_REFRESH_SECONDS": os.environ["MAINTENANCE_REFRESH_SECONDS"],
        "GUNICORN_DRAIN_SECONDS": DRAIN_SECONDS,
        "LOG_LEVEL": "WARNING",
    }
    direct = {**production, "DATABASE_URL": database_url}
    results: dict[str, Any] = {"windows": []}
    with ExitStack() as stack:
        # Two spare ports: a new instance starts while an old one is still stopping.
        ports = [free_port() for _ in range(max(INSTANCE_COUNTS) + 2)]
        balancer = Balancer(workdir, ports)
        stack.enter_context(stopping(balancer.process))
        bouncer = PgBouncer(workdir, database_url)
        stack.enter_context(stopping(bouncer.process))
        through_bouncer = {
            **production,
            "DATABASE_URL": bouncer.url(database_url),
            "DATABASE_POOLER": "transaction",
            "DATABASE_DIRECT_URL": database_url,
        }
        cluster = Cluster(workdir, database_url, ports)
        stack.callback(cluster.stop_all)

        for count in INSTANCE_COUNTS:
            for number in range(len(cluster.instances) + 1, count + 1):
                cluster.start(number, direct)
            balancer.wait_for(set(range(1, count + 1)))
            results["windows"].append(
                window_scenario(
                    f"direct-{count}", cluster, balancer, database_url, migrations, direct
                )
            )
        results["rolling_restart"] = rolling_restart(
            cluster, balancer, database_url, through_bouncer
        )
        results["windows"].append(
            window_scenario(
                f"pgbouncer-{len(cluster.instances)}",
                cluster,
                balancer,
                database_url,
                migrations,
                through_bouncer,
            )
        )
        results["refusals"] = refusals(bouncer.url(database_url), workdir, production)
    results_path.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
