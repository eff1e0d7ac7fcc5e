"""Template updates reach generated projects: cruft check and cruft update, as the README says.

From a temporary git repository holding the template, a project is generated (by `cruft create`,
or by plain cookiecutter from the path as a user types it) and committed as generated; then it is
installed, given a domain (`manage.py domain new`) and a dependency of its own, committed again
and migrated on a fresh PostgreSQL database with a row in every domain.
The template then gets a commit that touches what updates typically touch: a core migration (a
new column on the service context) with its table, the app factory and pyproject.toml's
dependencies. `cruft check` must see it; `cruft update` must apply it with no conflict; the
project must pass its own checks; and `db upgrade` must reach the head of every branch with the
rows kept.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .support import TEMPLATE_ROOT, tree_snapshot
from .test_fuzz import DATABASE_SERVER, DATABASE_TOOL
from .test_generated_projects import CHECKS, DEFAULT_PYTHON, install, run_in, uv

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "template-tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "template-tests@example.com",
}
PACKAGE = "my_service"  # the default answers' package
# A row in every domain of the default project, and what reads them back.
EXAMPLE_ROWS = {
    "catown": "INSERT INTO catown_houses (id) VALUES ('6f1d7b9e-2c1a-4c56-9a41-0d3c5a3e2b10')",
    "connected_developers": (
        "INSERT INTO connected_developers_checks "
        "(first_developer, second_developer, registered_at, connected, organisations) "
        "VALUES ('ada', 'grace', '2026-01-01T00:00:00Z', true, '[\"analytical-engines\"]')"
    ),
}
OWN_DOMAIN = "library"
OWN_ROW = (
    "INSERT INTO library_items (id, name, quantity) "
    "VALUES ('0b9c4f7e-5d1a-4e2b-8c3f-7a6d5e4c3b2a', 'kept through the update', 1)"
)
ROW_QUERIES = {
    "core": "SELECT id, maintenance_mode FROM service_context",
    "catown": "SELECT id, resident_count FROM catown_houses",
    "connected_developers": "SELECT first_developer, connected FROM connected_developers_checks",
    OWN_DOMAIN: "SELECT id, name, quantity FROM library_items",
}
# Run with the project's Python: runs the statements, then reports each branch's head (Alembic
# raises when a branch has two), the revisions the database is at, and what the queries read.
PROBE = """\
import json, sys
from pathlib import Path
import sqlalchemy as sa
from {package}.infrastructure.databases.engine import create_database_engine
from {package}.infrastructure.databases.migrations import MigrationRunner

url, statements, queries = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
runner = MigrationRunner(url, Path("migrations"))
script = runner.script()
labels = {{label for revision in script.walk_revisions() for label in revision.branch_labels}}
engine = create_database_engine(runner.database_url)
with engine.begin() as connection:
    for statement in statements:
        connection.execute(sa.text(statement))
    rows = {{
        name: [[str(value) for value in row] for row in connection.execute(sa.text(query))]
        for name, query in queries.items()
    }}
print(json.dumps({{
    "branch_heads": {{label: script.get_revision(f"{{label}}@head").revision for label in labels}},
    "heads": sorted(runner.head_revisions()),
    "current": sorted(runner.current_revisions(engine)),
    "rows": rows,
}}))
"""
CONFLICT_MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


@contextmanager
def fresh_database(python: Path) -> Iterator[str]:
    """A new database on the test server, made and dropped with the project's Python (psycopg2)."""
    name = f"updates_{secrets.token_hex(6)}"
    tool = [str(python), str(DATABASE_TOOL)]
    created = subprocess.run(
        [*tool, "create", DATABASE_SERVER, name], capture_output=True, text=True, check=True
    )
    try:
        yield created.stdout.strip()
    finally:
        subprocess.run([*tool, "drop", DATABASE_SERVER, name], capture_output=True, check=False)


def git(folder: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", *arguments],
        cwd=folder,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(arguments)}:\n{result.stderr}"
    return result.stdout


def commit_all(folder: Path, message: str) -> str:
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "--message", message)
    return git(folder, "rev-parse", "HEAD").strip()


def template_repository(destination: Path) -> Path:
    """A new git repository holding the template's files as they are in this checkout."""
    listed = git(TEMPLATE_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for relative in filter(None, listed.split("\0")):
        source = TEMPLATE_ROOT / relative
        if source.is_file():  # a tracked file deleted in this checkout is not listed again
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / relative)
    git(destination, "init", "--quiet")
    commit_all(destination, "The template")
    return destination


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer holds {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


CORE_MIGRATION = '''\
"""Service context: whom to ask about a maintenance window.

Revision ID: 0002_core
Revises: 0001_core
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_core"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("service_context", sa.Column("contact", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("service_context", "contact")
'''
APP_FACTORY_CHANGE = "    # The service's own endpoints come first, then every domain's.\n"
NEW_DEPENDENCY = '    "typing-extensions>=4.12,<5",\n'
OWN_DEPENDENCIES = (
    "    # The service's own dependencies go below this line: template updates never write there.\n"
)
OWN_DEPENDENCY = '    "packaging>=24",\n'


def change_template(repository: Path) -> str:
    """Commit what template updates typically bring; return the new commit."""
    project = repository / "{{cookiecutter.project_slug}}"
    package = project / "src" / "{{cookiecutter.package_name}}"
    (project / "migrations/versions/core/0002_core_window_contact.py").write_text(CORE_MIGRATION)
    replace_once(
        package / "infrastructure/mappers/service_context.py",
        '    sa.Column("opened_by", sa.String(length=16), nullable=True),\n',
        '    sa.Column("opened_by", sa.String(length=16), nullable=True),\n'
        '    sa.Column("contact", sa.String(length=100), nullable=True),\n',
    )
    own_endpoints = "    for blueprint in (health.blueprint, service_context.blueprint):\n"
    replace_once(package / "create_app.py", own_endpoints, APP_FACTORY_CHANGE + own_endpoints)
    last_dependency = '    "squawk-cli>=2.70,<3",\n'
    replace_once(project / "pyproject.toml", last_dependency, last_dependency + NEW_DEPENDENCY)
    return commit_all(repository, "A contact for maintenance windows")


def add_own_dependency(project: Path) -> None:
    """Add a dependency where pyproject.toml keeps the service's own."""
    replace_once(project / "pyproject.toml", OWN_DEPENDENCIES, OWN_DEPENDENCIES + OWN_DEPENDENCY)


def cruft() -> str:
    found = shutil.which("cruft", path=str(Path(sys.executable).parent)) or shutil.which("cruft")
    assert found, "cruft is installed with tests/requirements.txt"
    return found


def run(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=folder,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def generate(generator: str, repository: Path, output_dir: Path) -> Path:
    if generator == "cruft":
        command = [cruft(), "create", "--no-input", "--output-dir", str(output_dir)]
        result = run(repository.parent, *command, str(repository))
    else:
        command = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(output_dir)]
        result = run(repository.parent, *command, repository.name)
    assert result.returncode == 0, result.stdout + result.stderr
    [project] = output_dir.iterdir()
    return project


def conflicts(project: Path) -> list[str]:
    """Files an update left in conflict: .rej files, conflict markers, unmerged paths."""
    listed = git(project, "ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    found = [name for name in listed if name.endswith(".rej")]
    found += [
        name
        for name in listed
        if (project / name).is_file()
        and CONFLICT_MARKER.search((project / name).read_text(encoding="utf-8", errors="replace"))
    ]
    found += git(project, "diff", "--name-only", "--diff-filter=U").splitlines()
    return sorted(set(found))


def probe(
    project: Path, bin_dir: Path, url: str, statements: list[str], queries: dict[str, str]
) -> dict[str, Any]:
    result = run_in(
        project,
        bin_dir,
        "python",
        "-c",
        PROBE.format(package=PACKAGE),
        url,
        json.dumps(statements),
        json.dumps(queries),
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def manage(project: Path, bin_dir: Path, url: str, *command: str) -> None:
    result = run_in(project, bin_dir, "python", "manage.py", *command, DATABASE_URL=url)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"


def test_cruft_and_cookiecutter_make_the_same_project_and_record(tmp_path: Path) -> None:
    repository = template_repository(tmp_path / "template")
    by_cruft = generate("cruft", repository, tmp_path / "cruft")
    by_cookiecutter = generate("cookiecutter", repository, tmp_path / "cookiecutter")
    records = [
        json.loads((project / ".cruft.json").read_text()) for project in (by_cruft, by_cookiecutter)
    ]
    # cruft writes the skip list only when given one; the hook writes it empty, to be filled.
    assert records[1].pop("skip") == []
    assert records[0] == records[1]
    assert list(records[0]) == list(records[1])
    trees = [tree_snapshot(project) for project in (by_cruft, by_cookiecutter)]
    for tree in trees:
        del tree[".cruft.json"]
    assert trees[0] == trees[1]


@pytest.mark.parametrize("generator", ["cruft", "cookiecutter"])
def test_a_template_update_reaches_a_project_with_a_domain_of_its_own(
    tmp_path: Path, generator: str
) -> None:
    repository = template_repository(tmp_path / "template")
    generated_at = git(repository, "rev-parse", "HEAD").strip()
    project = generate(generator, repository, tmp_path / "out")
    record = json.loads((project / ".cruft.json").read_text())
    assert (record["template"], record["commit"]) == (str(repository), generated_at)

    # As the README says: commit the project as generated, then the work of its own.
    git(project, "init", "--quiet")
    commit_all(project, "The service as generated")
    bin_dir = install(project, DEFAULT_PYTHON)
    scaffold = run_in(project, bin_dir, "python", "manage.py", "domain", "new", OWN_DOMAIN)
    assert scaffold.returncode == 0, scaffold.stdout + scaffold.stderr
    add_own_dependency(project)
    commit_all(project, "A domain and a dependency of its own")
    rows = [*EXAMPLE_ROWS.values(), OWN_ROW]
    with fresh_database(bin_dir / "python") as url:
        manage(project, bin_dir, url, "db", "upgrade")
        before = probe(project, bin_dir, url, rows, ROW_QUERIES)
        assert all(before["rows"].values()), before  # a row in every domain

        updated_to = change_template(repository)
        check = run(project, cruft(), "check")
        assert check.returncode == 1, check.stdout + check.stderr
        assert "out of date" in check.stdout
        update = run(project, cruft(), "update", "--skip-apply-ask", "--allow-untracked-files")
        assert update.returncode == 0, update.stdout + update.stderr
        assert conflicts(project) == [], update.stdout + update.stderr
        assert json.loads((project / ".cruft.json").read_text())["commit"] == updated_to
        assert (project / "migrations/versions/core/0002_core_window_contact.py").is_file()
        assert APP_FACTORY_CHANGE in (project / f"src/{PACKAGE}/create_app.py").read_text()
        assert OWN_DEPENDENCIES + OWN_DEPENDENCY in (project / "pyproject.toml").read_text()
        assert NEW_DEPENDENCY + OWN_DEPENDENCIES in (project / "pyproject.toml").read_text()
        assert run(project, cruft(), "check").returncode == 0

        # As the README says: reinstall (pyproject.toml changed), check, migrate.
        python = str(bin_dir / "python")
        reinstall = run(project, uv(), "pip", "install", "-q", "--python", python, "-e", ".[dev]")
        assert reinstall.returncode == 0, reinstall.stderr
        for command in CHECKS:
            result = run_in(project, bin_dir, *command)
            assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
            if command[-1] == "unittest":
                assert result.stderr.splitlines()[-1] == "OK", result.stderr
        manage(project, bin_dir, url, "db", "upgrade")
        manage(project, bin_dir, url, "db", "check")
        after = probe(project, bin_dir, url, ["SELECT contact FROM service_context"], ROW_QUERIES)
    # One head per branch: the core's new revision forked no branch, and upgrade reached each.
    assert after["branch_heads"] == {
        "core": "0002_core",
        "catown": "0001_catown",
        "connected_developers": "0001_connected_developers",
        "library": "0001_library",
    }
    assert after["current"] == after["heads"] == sorted(after["branch_heads"].values())
    assert after["rows"] == before["rows"]
