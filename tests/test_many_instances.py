"""Beyond one machine: many instances of an `all` project behind HAProxy, with and without
PgBouncer, through migrations and a rolling restart, lose nothing and fail no request.

tests/many_instances.py drives the run with the project's own Python and test helpers (its
docstring says what it does); this test installs the project and judges what every client was
told. It needs HAProxy and PgBouncer (Debian's packages; `.ci/run` installs them) and PostgreSQL
at TEST_DATABASE_URL, and takes about three minutes on two cores.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import TEMPLATE_ROOT, render
from .test_generated_projects import DEFAULT_PYTHON, install

DATABASE_SERVER = (
    os.environ.get("TEST_DATABASE_URL", "").strip()
    or "postgresql://postgres@127.0.0.1:5432/postgres"
)
DRIVER = TEMPLATE_ROOT / "tests" / "many_instances.py"
TIME_LIMIT = 480
MIGRATION_SECONDS = 3


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    project = render(tmp_path_factory.mktemp("project"), example_domains="all")
    python = install(project, DEFAULT_PYTHON) / "python"
    # Not under pytest's own temporary folder: PgBouncer runs as nobody and reads its files here.
    workdir = Path(tempfile.mkdtemp(prefix="many-instances-"))
    results_path = workdir / "results.json"
    environment = {
        **os.environ,
        "PYTHONPATH": str(project),
        "TEST_DATABASE_URL": DATABASE_SERVER,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "MAINTENANCE_TOKEN": secrets.token_hex(16),
        "MAINTENANCE_REFRESH_SECONDS": "1",
        # The connected-developers domain's production settings; these tests never call it.
        "GITHUB_TOKEN": secrets.token_hex(8),
        "TWITTER_BEARER_TOKEN": secrets.token_hex(8),
    }
    environment.pop("VIRTUAL_ENV", None)
    try:
        run = subprocess.run(
            [str(python), str(DRIVER), str(workdir), str(results_path)],
            cwd=project,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
            check=False,
        )
        logs = "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
            for log in sorted(workdir.glob("*.log"))
        )
        assert run.returncode == 0, f"the run failed:\n{run.stderr[-6000:]}\n{logs[-8000:]}"
        found: dict[str, Any] = json.loads(results_path.read_text())
        print(json.dumps(summary(found), indent=2))  # the figures, shown with pytest -s
        yield found
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def summary(found: dict[str, Any]) -> dict[str, Any]:
    """Window seconds per scenario and the rolling restart's requests, for the README."""
    return {
        "windows": {
            window["name"]: {
                key: window[key]
                for key in (
                    "window_seconds",
                    "longest_gap_without_a_write",
                    "upgrade_seconds",
                    "acknowledged",
                    "refused",
                    "sessions_under_load",
                    "fence_sessions",
                )
            }
            for window in found["windows"]
        },
        "rolling_restart": {
            key: found["rolling_restart"][key]
            for key in ("instances", "seconds", "requests", "acknowledged", "unexpected")
        },
    }


def assert_nothing_lost(outcome: dict[str, Any]) -> None:
    assert outcome["unexpected"] == {}, "no 5xx but the window's 503, no dropped connection"
    assert outcome["acknowledged_missing"] == 0, "acknowledged writes were lost"
    assert outcome["refused_stored"] == 0, "refused writes were stored"
    assert outcome["stored_unacknowledged"] == 0, "rows no client was told about"
    assert outcome["acknowledged"] > 0


def test_every_window_keeps_every_acknowledged_write_and_no_refused_one(
    results: dict[str, Any],
) -> None:
    names = [window["name"] for window in results["windows"]]
    assert names == ["direct-2", "direct-6", "pgbouncer-6"]
    for window in results["windows"]:
        assert window["upgrade_exit"] == 0, window["upgrade_output"]
        assert "Maintenance window open" in window["upgrade_output"]
        assert_nothing_lost(window)
        assert window["refused"] > 0, f"{window['name']}: the window refused writes"
        assert window["acknowledged_after_upgrade"] > 0, f"{window['name']}: writes resumed"
        # The migration sleeps inside the window: no write is acknowledged meanwhile.
        assert window["longest_gap_without_a_write"] >= MIGRATION_SECONDS
        # A worker takes its fence with its first request: at most one each, none left over.
        assert 0 < window["fence_sessions"] <= window["instances"] * 2


def test_behind_pgbouncer_postgresql_sees_the_bouncers_pool_and_the_fences(
    results: dict[str, Any],
) -> None:
    direct, pooled = results["windows"][1], results["windows"][2]
    assert (direct["name"], pooled["name"]) == ("direct-6", "pgbouncer-6")
    # PgBouncer's default_pool_size (10) bounds the request sessions; the fences are direct.
    assert pooled["sessions_under_load"] <= 10 + pooled["fence_sessions"]


def test_a_rolling_restart_under_load_fails_no_request(results: dict[str, Any]) -> None:
    restart = results["rolling_restart"]
    assert restart["exit_codes"] == [0] * restart["instances"], "each instance stopped cleanly"
    assert_nothing_lost(restart)
    assert restart["refused"] == 0
    assert restart["requests"] == restart["acknowledged"]


def test_a_transaction_pooler_without_a_direct_url_refuses_to_start(
    results: dict[str, Any],
) -> None:
    refusals = results["refusals"]
    assert refusals["migrator_exit"] == 1
    assert "DATABASE_DIRECT_URL" in refusals["migrator_output"]
    assert refusals["instance_exit"] not in (0, None), "the instance started"
    assert refusals["instance_exit"] > -1000, "the instance was still running"
    assert "DATABASE_DIRECT_URL" in refusals["instance_log"]
