"""The generated projects' own checks, run as a user would: install, lint, type-check, test.

Each project gets a fresh virtual environment on the Python version it targets, installs itself
with its dev extras at the versions its constraints.txt pins, and must pass ruff, mypy,
import-linter and its unittest suite on PostgreSQL
(TEST_DATABASE_URL when set; otherwise the generated tests start PostgreSQL with testcontainers).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .support import OFFERED_PYTHONS, TEMPLATE_ROOT, find_python, render

DEFAULT_PYTHON = json.loads((TEMPLATE_ROOT / "cookiecutter.json").read_text())["python_version"][0]

# Every example_domains choice, every Python version and every other option value, at least once.
PROJECTS = [
    {
        "example_domains": "all",
        "python_version": "3.11",
        "license": "MIT",
        "use_docker": "yes",
        "ci": "github",
    },
    {
        "example_domains": "catown",
        "python_version": "3.10",
        "license": "Apache-2.0",
        "use_docker": "no",
        "ci": "none",
    },
    {
        "example_domains": "connected_developers",
        "python_version": "3.12",
        "license": "BSD-3-Clause",
        "use_docker": "yes",
        "ci": "none",
    },
    {
        "example_domains": "none",
        "python_version": "3.13",
        "license": "Proprietary",
        "use_docker": "no",
        "ci": "github",
    },
]
assert {project["python_version"] for project in PROJECTS} == set(OFFERED_PYTHONS)
CHECKS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),
    ("lint-imports",),
    ("python", "-m", "unittest"),
)


def uv() -> str:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert found, "uv is installed with tests/requirements.txt"
    return found


def install(project: Path, python_version: str) -> Path:
    """A fresh virtual environment with the project and its dev extras; returns its bin folder."""
    venv = project / ".venv"
    subprocess.run(
        [uv(), "venv", "--quiet", "--python", find_python(python_version), str(venv)], check=True
    )
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    subprocess.run(
        # The versions the project pins, as its CI workflow and Docker image install them.
        [uv(), "pip", "install", "--quiet", "-c", "constraints.txt", "-e", f"{project}[dev]"],
        check=True,
        env=env,
        cwd=project,
    )
    return venv / "bin"


def run_in(
    project: Path, bin_dir: Path, *command: str, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **extra_env}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(bin_dir / command[0]), *command[1:]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


@pytest.mark.parametrize(
    "answers", PROJECTS, ids=lambda a: f"{a['example_domains']}-py{a['python_version']}"
)
def test_generated_project_passes_its_own_checks(tmp_path: Path, answers: dict[str, str]) -> None:
    project = render(tmp_path, **answers)
    bin_dir = install(project, answers["python_version"])
    for command in CHECKS:
        result = run_in(project, bin_dir, *command)
        assert result.returncode == 0, (
            f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
        )
        if command[-1] == "unittest":
            assert "OK" in result.stderr.splitlines()[-1]


def wait_for(url: str, deadline: float) -> urllib.response.addinfourl:
    while True:
        try:
            return urllib.request.urlopen(url, timeout=2)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def ready_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_default_project_runs_as_the_readme_says(tmp_path: Path) -> None:
    """`db upgrade && run` on the defaults: no database server, /health/ready and /docs answer.

    The service started before the upgrade answers 503 on /health/ready until it has run, and
    manage.py run from another folder uses the project's own database file.
    """
    project = render(tmp_path / "out")
    bin_dir = install(project, DEFAULT_PYTHON)
    env_without_settings = {"APP_ENV": "", "DATABASE_URL": "", "SECRET_KEY": ""}
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        **env_without_settings,
    }
    server = subprocess.Popen(
        [str(bin_dir / "python"), "manage.py", "run"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        wait_for("http://127.0.0.1:5000/health/live", deadline)
        assert ready_status("http://127.0.0.1:5000/health/ready") == 503
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        upgrade = subprocess.run(
            [str(bin_dir / "python"), str(project / "manage.py"), "db", "upgrade"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert upgrade.returncode == 0, upgrade.stderr
        assert ready_status("http://127.0.0.1:5000/health/ready") == 200
        docs = wait_for("http://127.0.0.1:5000/docs", deadline)
        assert b"swagger" in docs.read().lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert (project / "instance" / "development.sqlite3").exists()
    assert list(elsewhere.iterdir()) == []
