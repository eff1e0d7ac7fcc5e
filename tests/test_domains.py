"""`manage.py domain new` in a `none` and an `all` project: two new domains, then every check.

Each project is installed once per run and given the domains `library` and `shop_floor`; the
tests then run its checks and suite, migrate a database of its own and call the new endpoints.
Bad names are refused on a project of their own, with nothing written.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .support import render
from .test_domain_removal import files_of
from .test_fuzz import DATABASE_SERVER, DATABASE_TOOL
from .test_generated_projects import CHECKS, DEFAULT_PYTHON, install, run_in

NEW_DOMAINS = ("library", "shop_floor")

# Through the service itself, on the database DATABASE_URL names: create, get, list, and a 422.
CALL_ENDPOINTS = """
import json, sys
from my_service.create_app import create_app
client = create_app().test_client()
items = sys.argv[1]
created = client.post(items, json={"name": "Lamp", "quantity": 3})
item_id = created.get_json()["id"]
answers = {
    "create": created,
    "get": client.get(f"{items}/{item_id}"),
    "list": client.get(items),
    "bad_create": client.post(items, json={"name": "Lamp", "quantity": "three"}),
    "withdraw_too_many": client.post(f"{items}/{item_id}/withdrawals", json={"amount": 4}),
}
print(json.dumps({name: [r.status_code, r.get_json()] for name, r in answers.items()}))
"""


class Project:
    """A generated project, installed once, that runs its own commands."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin_dir = install(root, DEFAULT_PYTHON)

    def run(self, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
        return run_in(self.root, self.bin_dir, *command, **env)

    def manage(self, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
        return self.run("python", "manage.py", *arguments, **env)

    def passes(self, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
        result = self.run(*command, **env)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
        return result


@pytest.fixture
def databases() -> Iterator[Callable[[Project], str]]:
    """Makes databases of their own on the test server; drops them after the test."""
    made: list[tuple[Project, str]] = []

    def tool(project: Project, action: str, name: str) -> str:
        # The tool needs psycopg2: the project's interpreter has it.
        return subprocess.run(
            [project.bin_dir / "python", DATABASE_TOOL, action, DATABASE_SERVER, name],
            capture_output=True,
            text=True,
            check=True,
            cwd=DATABASE_TOOL.parent,
        ).stdout

    def make(project: Project) -> str:
        name = f"domains_{secrets.token_hex(6)}"
        url = tool(project, "create", name).strip()
        made.append((project, name))
        return url

    yield make
    for project, name in made:
        tool(project, "drop", name)


# One test per project, so that each is installed once even when the tests run in parallel.
@pytest.mark.parametrize("domains", ["none", "all"])
def test_two_new_domains_pass_every_check_migrate_and_answer(
    tmp_path: Path, databases: Callable[[Project], str], domains: str
) -> None:
    project = Project(render(tmp_path, example_domains=domains))
    help_text = project.passes("python", "manage.py", "domain", "new", "--help").stdout
    for created in ("domain/models/NAME/", "composition/NAME.py", "migrations/versions/NAME/"):
        assert created in help_text

    for name in NEW_DOMAINS:
        created = project.passes("python", "manage.py", "domain", "new", name).stdout
        assert f"Created the domain {name!r}" in created
        assert (project.root / "src/my_service/composition" / f"{name}.py").is_file()
        assert (project.root / "migrations/versions" / name / f"0001_{name}_items.py").is_file()
        assert (project.root / "docs/domains" / f"{name}.md").is_file()

    for command in CHECKS[:-1]:
        project.passes(*command)
    suite = project.passes("python", "-m", "unittest", "-v").stderr
    assert suite.splitlines()[-1] == "OK"
    for name in NEW_DOMAINS:
        for kind in ("unit", "integration", "e2e"):
            assert f"tests.{kind}.{name}." in suite, f"no {kind} test of {name} ran"

    env = {"APP_ENV": "development", "DATABASE_URL": databases(project), "LOG_LEVEL": "ERROR"}
    upgrade = project.passes("python", "manage.py", "db", "upgrade", **env).stdout
    for name in NEW_DOMAINS:
        assert f"0001_{name}" in upgrade
    assert "No drift" in project.passes("python", "manage.py", "db", "check", **env).stdout
    for items in ("/library/items", "/shop-floor/items"):
        answers = json.loads(project.passes("python", "-c", CALL_ENDPOINTS, items, **env).stdout)
        status, created_item = answers["create"]
        assert status == 201
        assert (created_item["name"], created_item["quantity"]) == ("Lamp", 3)
        assert answers["get"] == [200, created_item]
        assert answers["list"] == [200, [created_item]]
        status, refused = answers["bad_create"]
        assert status == 422
        assert "quantity" in refused["errors"]["json"]
        status, refused = answers["withdraw_too_many"]
        assert status == 409
        assert "3 in stock" in refused["message"]


BAD_NAMES = {
    "Library": "is not a valid domain name",
    "2shops": "is not a valid domain name",
    "shop-floor": "is not a valid domain name",
    "shop__floor": "is not a valid domain name",
    "": "is not a valid domain name",
    "class": "is a Python keyword",
    "a" * 28: "is too long",
    "catown": "already exists",
    "core": "is reserved",
    "heads": "is reserved",
    "tests": "is reserved",
    "docs": "is reserved",
    "my_service": "the project's package name",
    "item": "every domain has a file or folder of that name",
    "unit": "every domain has a file or folder of that name",
    "composition": "every domain has a file or folder of that name",
    "maintenance": "is taken: src/my_service/domain/models/maintenance.py has that name",
    "support": "is taken: src/my_service/cli/support.py has that name",
    "health": "is taken: src/my_service/api/controllers/health.py",
}


def test_bad_names_are_refused_in_one_line_with_nothing_written(tmp_path: Path) -> None:
    project = Project(render(tmp_path, example_domains="catown"))
    # Not named by the project yet, but a folder of that name is there already.
    stray = project.root / "tests" / "e2e" / "garden"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine")
    refusals = {**BAD_NAMES, "garden": "is taken: tests/e2e/garden has that name"}
    for name, reason in refusals.items():
        before = files_of(project.root)
        result = project.manage("domain", "new", name)
        assert result.returncode == 1, (name, result.stdout)
        [line] = result.stderr.splitlines()
        assert line.startswith("Error: ")
        assert reason in line, (name, line)
        assert files_of(project.root) == before, name
