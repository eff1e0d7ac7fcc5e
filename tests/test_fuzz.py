"""Fuzzing: schemathesis drives every operation of the OpenAPI document of a generated service.

The project (example_domains=all) is installed in a fresh virtual environment, migrated on a
fresh PostgreSQL database and served by gunicorn on 127.0.0.1, with the connected-developers
sample backend (no network), an API key and a maintenance token. Every answer must be no 5xx and
must conform to the document: its status, content type, headers and body schema. Requests that
break the schema must be refused, and so must requests without the credentials the document
asks for. The maintenance window route (the only PATCH) is fuzzed in a second pass: a window it
opens makes every other operation answer its documented 503. Each pass runs every phase, the
stateful one included (it chains operations: a house created, then a cat added to it). The
number of examples is bounded, so the test takes about two minutes; tests/fuzz_hooks.py keeps
generated bodies inside the two rules JSON Schema cannot state.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import TEMPLATE_ROOT, render
from .test_generated_projects import DEFAULT_PYTHON, install

DATABASE_SERVER = (
    os.environ.get("TEST_DATABASE_URL", "").strip()
    or "postgresql://postgres@127.0.0.1:5432/postgres"
)
DATABASE_TOOL = TEMPLATE_ROOT / "benchmarks" / "database.py"
# Bounded: examples per operation and phase, and a ceiling on the whole run.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "200"))
SEED = os.environ.get("FUZZ_SEED", "20261121")
TIME_LIMIT = 480
TRIED = re.compile(r"^\s*\d+ generated")

CONFIG = """\
[generation]
# The service refuses a NUL character in every field with 422 (PostgreSQL cannot store one), which
# JSON Schema cannot state; the generated project's own tests send one to every route.
allow-x00 = false

[checks.positive_data_acceptance]
# A schema-valid request may still break one of the town's documented rules (an unknown or full
# house: 400) or ask about developers who are not connected (404): documented answers. A 422 for
# schema-valid data would still fail: the document and the validation would disagree.
expected-statuses = ["2xx", "400", "401", "403", "404", "409"]
"""


def schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which(
        "schemathesis"
    )
    assert found, "schemathesis is installed with tests/requirements.txt"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_answering(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert server.poll() is None, "the service exited before it answered"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        assert time.monotonic() < deadline, f"{url} did not answer within {timeout:g} s"
        time.sleep(0.2)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A project installed in its venv, and a fresh database on the test server, dropped after."""
    project = render(tmp_path, example_domains="all", python_version=DEFAULT_PYTHON)
    python = install(project, DEFAULT_PYTHON) / "python"
    name = f"fuzz_{secrets.token_hex(6)}"
    created = subprocess.run(
        [str(python), str(DATABASE_TOOL), "create", DATABASE_SERVER, name],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    try:
        yield project, created.stdout.strip()
    finally:
        subprocess.run(
            [str(python), str(DATABASE_TOOL), "drop", DATABASE_SERVER, name],
            check=False,
            timeout=60,
        )


def test_the_service_survives_fuzzing_and_answers_as_documented(
    tmp_path: Path, database: tuple[Path, str]
) -> None:
    project, database_url = database
    bin_dir = project / ".venv" / "bin"
    api_key, token = secrets.token_hex(16), secrets.token_hex(16)
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "API_KEY": api_key,
        "MAINTENANCE_TOKEN": token,
        "CONNECTED_DEVELOPERS_BACKEND": "sample",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("VIRTUAL_ENV", None)
    upgrade = subprocess.run(
        [str(bin_dir / "python"), "manage.py", "db", "upgrade"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert upgrade.returncode == 0, f"db upgrade failed:\n{upgrade.stdout}\n{upgrade.stderr}"
    gunicorn = [str(bin_dir / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    if (
        "--no-control-socket"
        in subprocess.run(
            [gunicorn[0], "--help"], capture_output=True, text=True, check=True
        ).stdout
    ):
        gunicorn.append("--no-control-socket")
    server_log = tmp_path / "server.log"
    with server_log.open("wb") as log:
        server = subprocess.Popen(
            [*gunicorn, "wsgi:app"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base}/health/ready", server, timeout=60)
        config = tmp_path / "schemathesis.toml"
        config.write_text(CONFIG)
        common = [
            schemathesis(),
            "--no-color",
            "--config-file",
            str(config),
            "run",
            f"{base}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            # Every phase, the stateful one included: it chains operations (a house created,
            # then a cat added to it) and so reaches what single requests do not.
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--seed",
            SEED,
            "--request-timeout",
            "10",
            "--header",
            f"Api-Key: {api_key}",
            "--header",
            f"Authorization: Bearer {token}",
        ]
        # The maintenance window route (the only PATCH) goes last, on its own: once it opens a
        # window every other operation answers its documented 503, which would hide the rest.
        # Run from tmp_path: schemathesis and hypothesis keep their caches (.schemathesis/,
        # .hypothesis/) in the working directory, which must not be the checkout.
        fuzz_env = {
            **os.environ,
            "PYTHONPATH": str(TEMPLATE_ROOT),
            "SCHEMATHESIS_HOOKS": "tests.fuzz_hooks",
        }
        passes = [
            subprocess.run(
                [*common, *selection],
                cwd=tmp_path,
                env=fuzz_env,
                capture_output=True,
                text=True,
                timeout=TIME_LIMIT,
                check=False,
            )
            for selection in (["--exclude-method", "PATCH"], ["--include-method", "PATCH"])
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    for fuzz in passes:
        # How much was tried, for the log of the run: "N generated, ..." per pass.
        print(next((line for line in fuzz.stdout.splitlines() if TRIED.search(line)), ""))
        assert fuzz.returncode == 0, (
            f"schemathesis found problems:\n{fuzz.stdout[-20000:]}\n{fuzz.stderr[-5000:]}\n"
            f"server log (end):\n{server_log.read_text(errors='replace')[-5000:]}"
        )
