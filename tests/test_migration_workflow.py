"""A model change through `db migrate`, as a user makes it, on SQLite and on PostgreSQL.

The change has the project's own UtcDateTime column, a unique constraint and a foreign key; the
revision written must pass ruff and mypy as it is, then upgrade and downgrade.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from .support import render
from .test_generated_projects import DEFAULT_PYTHON, install, run_in

PACKAGE = "my_service"
MAPPER = Path("src", PACKAGE, "infrastructure", "mappers", "catown.py")
REVISION = Path("migrations", "versions", "catown", "0002_catown_cat_toys.py")
TOYS = """

catown_toys_table = sa.Table(
    "catown_toys",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("cat_id", sa.Uuid(), sa.ForeignKey("catown_cats.id"), nullable=False),
    sa.Column("bought_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("cat_id", "name", name="one_toy_name_per_cat"),
)
"""
# Run by the project's own interpreter: the template's test environment has no database driver.
ADMINISTER = """
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
server = make_url(sys.argv[1]).set(drivername="postgresql+psycopg2")
admin = create_engine(server, isolation_level="AUTOCOMMIT")
with admin.connect() as connection:
    connection.execute(text(sys.argv[2]))
admin.dispose()
"""


def change_the_model(project: Path) -> None:
    mapper = project / MAPPER
    source = mapper.read_text()
    imports = "from ..databases.metadata import mapper_registry, metadata\n"
    assert imports in source
    source = source.replace(imports, imports + "from ..databases.utc_datetime import UtcDateTime\n")
    mapper.write_text(source + TOYS)


def manage(project: Path, bin_dir: Path, database_url: str, *args: str) -> str:
    """Run manage.py; returns its output, and fails the test on a non-zero exit."""
    result = run_in(project, bin_dir, "python", "manage.py", *args, DATABASE_URL=database_url)
    assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def failing(project: Path, bin_dir: Path, database_url: str, *args: str) -> str:
    """Run manage.py where it must refuse: one line on stderr, no traceback; returns it."""
    result = run_in(project, bin_dir, "python", "manage.py", *args, DATABASE_URL=database_url)
    assert result.returncode == 1, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def migrate_and_check(project: Path, bin_dir: Path, database_url: str) -> str:
    """From an unmigrated database, the whole round a user makes; returns the revision written."""
    refused = failing(project, bin_dir, database_url, "db", "migrate", "-m", "cat toys")
    assert "run `python manage.py db upgrade` first" in refused
    manage(project, bin_dir, database_url, "db", "upgrade")
    before = sorted((project / "migrations").rglob("*.py"))
    unchanged = failing(project, bin_dir, database_url, "db", "migrate", "-m", "nothing")
    assert "No change" in unchanged
    assert sorted((project / "migrations").rglob("*.py")) == before

    change_the_model(project)
    written = manage(project, bin_dir, database_url, "db", "migrate", "-m", "cat toys")
    assert f"Wrote {REVISION}" in written, written
    assert "add table catown_toys" in written
    source = (project / REVISION).read_text()
    assert f"from {PACKAGE}.infrastructure.databases.utc_datetime import UtcDateTime" in source

    manage(project, bin_dir, database_url, "db", "upgrade", "--no-window")
    assert "No drift" in manage(project, bin_dir, database_url, "db", "check")
    reverted = manage(project, bin_dir, database_url, "db", "downgrade", "catown@-1", "--yes")
    assert "table catown_toys (0 rows)" in reverted
    manage(project, bin_dir, database_url, "db", "upgrade", "--no-window")
    return _without_date(source)


def _without_date(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.startswith("Create Date:"))


def test_a_model_change_goes_through_db_migrate_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    assert server, "TEST_DATABASE_URL names the PostgreSQL server these tests use"
    project = render(tmp_path, example_domains="catown")
    bin_dir = install(project, DEFAULT_PYTHON)
    pristine = (project / MAPPER).read_text()

    on_sqlite = migrate_and_check(project, bin_dir, f"sqlite:///{tmp_path / 'development.sqlite3'}")
    for check in (("ruff", "check"), ("ruff", "format", "--check"), ("mypy",)):
        result = run_in(project, bin_dir, *check, str(REVISION))
        assert result.returncode == 0, f"{' '.join(check)}:\n{result.stdout}\n{result.stderr}"

    (project / REVISION).unlink()
    (project / MAPPER).write_text(pristine)
    name = f"workflow_{uuid.uuid4().hex[:12]}"
    administer = [str(bin_dir / "python"), "-c", ADMINISTER, server]
    subprocess.run([*administer, f'CREATE DATABASE "{name}"'], check=True)
    try:
        url = urlsplit(server)._replace(path=f"/{name}").geturl()
        # The same revision, written from PostgreSQL: it passes the same checks.
        assert migrate_and_check(project, bin_dir, url) == on_sqlite
    finally:
        subprocess.run([*administer, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=False)
