"""Gunicorn settings, each overridable from the environment, and the graceful-shutdown hooks."""

import math
import os
import time
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

from {{ cookiecutter.package_name }}.config import ConfigurationError
from {{ cookiecutter.package_name }}.settings_check import read_settings, report

# Imported in the master before it forks: the stopping flag it raises is shared with the workers.
from {{ cookiecutter.package_name }}.shutdown import start_draining

# Inside a container this is the container's own cgroup, where its CPU limit is written.
CGROUP_ROOT = Path("/sys/fs/cgroup")


def cpu_quota(cgroup_root: Path = CGROUP_ROOT) -> float | None:
    """The CPUs a cgroup's quota allows (v2 cpu.max, v1 CFS quota); None without a quota."""
    try:
        if (cgroup_root / "cpu.max").exists():
            quota, period = (cgroup_root / "cpu.max").read_text().split()[:2]
            return None if quota == "max" else int(quota) / int(period)
        v1 = cgroup_root / "cpu"
        quota_us = int((v1 / "cpu.cfs_quota_us").read_text())
        period_us = int((v1 / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota_us / period_us if quota_us > 0 else None


def usable_cpus(cgroup_root: Path = CGROUP_ROOT) -> int:
    """The CPUs this process may run on, capped by its container's CPU quota."""
    # macOS has no CPU affinity: there, every CPU.
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    cpus = len(affinity) if affinity else os.cpu_count() or 1
    quota = cpu_quota(cgroup_root)
    return cpus if quota is None else max(1, min(cpus, math.ceil(quota)))


wsgi_app = "wsgi:app"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", usable_cpus() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
accesslog = None  # the application logs every request with its request id
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Seconds /health/ready answers 503 before the listening socket closes, on SIGTERM: more than a
# load balancer's health-check interval times its fall count (0 on Kubernetes: preStop pauses).
drain_seconds = float(os.environ.get("GUNICORN_DRAIN_SECONDS", "0"))


def when_ready(server: Any) -> None:
    """On SIGTERM: stop being ready, keep serving drain_seconds, then stop gracefully.

    Gunicorn's own stop then closes the listening socket, lets each worker finish its in-flight
    requests (within graceful_timeout), and each worker's exit runs worker_exit below.
    """
    stop = server.handle_term

    def drain_then_stop() -> None:
        start_draining()
        server.log.info("SIGTERM: /health/ready answers 503; stopping in %g s", drain_seconds)
        time.sleep(drain_seconds)
        stop()

    server.handle_term = drain_then_stop


def worker_exit(server: Any, worker: Any) -> None:
    """After a worker's last request: release its maintenance fence session and its pool."""
    shutdown = getattr(getattr(worker, "wsgi", None), "shutdown", None)
    if callable(shutdown):  # the service's app; the master calls this hook too, with no app
        shutdown()


def on_starting(server: object) -> None:
    """Check every setting once, in the master: a mistake stops gunicorn with one message,
    before any worker starts (each worker would otherwise fail with a traceback of its own)."""
    load_dotenv(Path(__file__).resolve().parent / ".env")  # as wsgi.py does
    try:
        read_settings()
    except ConfigurationError as error:
        raise SystemExit(report(error)) from None
