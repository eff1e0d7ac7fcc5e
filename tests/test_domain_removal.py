"""`manage.py domain remove` on an `all` project migrated on PostgreSQL with rows in both domains.

Removing an example domain must leave exactly the project that generation without it gives, drop
only that domain's tables and keep the other domain's rows; a failed migration changes nothing.
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .support import render, tree_snapshot
from .test_fuzz import DATABASE_SERVER, DATABASE_TOOL
from .test_generated_projects import DEFAULT_PYTHON, install, run_in

EXAMPLES = ("catown", "connected_developers")
# What running a project adds to its folder, and never part of what generation writes.
RUN_LEFTOVERS = (".venv", "__pycache__", ".egg-info", "instance/")

# One row in each domain, through the service itself.
ADD_ROWS = """
from my_service.create_app import create_app
client = create_app().test_client()
house = client.post("/create_house").get_json()["house_id"]
cat = {"name": "Tom", "birthdate": "2015-03-07", "nature": "LONE_TIGER", "house_id": house}
assert client.post("/add_cat", json=cat).status_code == 201
assert client.get("/connected/realtime/alice/bob").status_code == 200
"""
COUNT_ROWS = """
import sys
from sqlalchemy import create_engine, inspect, text
engine = create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg2://", 1))
with engine.connect() as connection:
    for table in sorted(inspect(connection).get_table_names()):
        rows = connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
        print(table, rows)
"""


def files_of(project: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path: content
        for path, content in tree_snapshot(project).items()
        if not any(leftover in path for leftover in RUN_LEFTOVERS)
    }


class MigratedProject:
    """An `all` project installed once, migrated on its own database, with a row per domain."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin_dir = install(root, DEFAULT_PYTHON)
        self.database_name = f"domain_removal_{secrets.token_hex(6)}"
        self.database_url = self.database_tool("create").strip()
        self.env = {
            "APP_ENV": "development",
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "ERROR",
        }
        self.manage("db", "upgrade")
        self.python("-c", ADD_ROWS)

    def database_tool(self, action: str) -> str:
        """Create or drop the project's database (the tool needs the project's psycopg2)."""
        return subprocess.run(
            [self.bin_dir / "python", DATABASE_TOOL, action, DATABASE_SERVER, self.database_name],
            capture_output=True,
            text=True,
            check=True,
            cwd=DATABASE_TOOL.parent,
        ).stdout

    def manage(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = run_in(self.root, self.bin_dir, "python", "manage.py", *arguments, **self.env)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def python(self, *arguments: str) -> str:
        result = run_in(self.root, self.bin_dir, "python", *arguments, **self.env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def rows(self) -> dict[str, int]:
        lines = self.python("-c", COUNT_ROWS, self.database_url).splitlines()
        return {table: int(count) for table, count in (line.split() for line in lines)}


@pytest.fixture
def migrated() -> Iterator[Callable[[Path], MigratedProject]]:
    """Makes migrated projects; drops their databases after the test."""
    made: list[MigratedProject] = []

    def make(root: Path) -> MigratedProject:
        made.append(MigratedProject(root))
        return made[-1]

    yield make
    for project in made:
        project.database_tool("drop")


@pytest.mark.parametrize("removed", EXAMPLES)
def test_removing_an_example_leaves_the_project_generation_without_it_gives(
    tmp_path: Path, migrated: Callable[[Path], MigratedProject], removed: str
) -> None:
    project = migrated(render(tmp_path / "all", example_domains="all"))
    [kept] = [domain for domain in EXAMPLES if domain != removed]
    rows_before = project.rows()

    result = project.manage("domain", "remove", removed, "--yes")

    assert f"Removed the domain {removed!r}." in result.stdout
    fresh = render(tmp_path / "fresh", example_domains=kept)
    assert files_of(project.root) == files_of(fresh)
    for shared in ("README.md", ".env.example"):
        text = (project.root / shared).read_text().lower()
        assert removed.replace("_", " ") not in text
        assert removed not in text
    rows_after = project.rows()
    assert not [table for table in rows_after if table.startswith(removed)]
    kept_tables = {table: rows for table, rows in rows_before.items() if table.startswith(kept)}
    assert kept_tables
    assert all(rows_after[table] == rows for table, rows in kept_tables.items())
    assert all(rows >= 1 for rows in kept_tables.values())


def test_a_failed_migration_leaves_the_files_and_the_database_as_they_were(
    tmp_path: Path, migrated: Callable[[Path], MigratedProject]
) -> None:
    project = migrated(render(tmp_path, example_domains="all"))
    files_before, rows_before = files_of(project.root), project.rows()
    # A request holding a lock on a Catown table makes the drop wait past its lock timeout.
    holder = subprocess.Popen(
        [
            str(project.bin_dir / "python"),
            "-c",
            "import sys, time\n"
            "from sqlalchemy import create_engine, text\n"
            "url = sys.argv[1].replace('postgresql://', 'postgresql+psycopg2://', 1)\n"
            "with create_engine(url).begin() as connection:\n"
            "    connection.execute(text('LOCK TABLE catown_cats IN ACCESS SHARE MODE'))\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(60)\n",
            project.database_url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        result = project.manage(
            "domain",
            "remove",
            "catown",
            "--yes",
            "--no-window",
            "--lock-timeout",
            "0.5",
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert "lock timeout" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(project.root) == files_before
    assert project.rows() == rows_before


def test_an_unknown_domain_is_refused_with_nothing_changed(
    tmp_path: Path, migrated: Callable[[Path], MigratedProject]
) -> None:
    project = migrated(render(tmp_path, example_domains="all"))
    files_before, rows_before = files_of(project.root), project.rows()
    result = project.manage("domain", "remove", "cat", "--yes", check=False)
    assert result.returncode != 0
    assert (
        "There is no domain 'cat' to remove; the domains are: catown, connected_developers."
        in result.stderr
    )
    assert files_of(project.root) == files_before
    assert project.rows() == rows_before
