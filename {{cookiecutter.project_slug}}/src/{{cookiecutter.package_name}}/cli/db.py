"""manage.py db: write, check, lint and apply the migrations, one branch per domain."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from ..config import MIGRATIONS_FOLDER, Settings
from ..domain.models.maintenance import MaintenanceMode
from ..infrastructure.databases.drop_preview import preview_downgrade
from ..infrastructure.databases.engine import create_migration_engine
from ..infrastructure.databases.migration_lint import Verdict, report_lines
from ..infrastructure.databases.migration_lint import lint as lint_migrations
from ..infrastructure.databases.migration_window import (
    Direction,
    FailurePolicy,
    MigrationWindow,
    WindowOptions,
)
from ..infrastructure.databases.migrations import (
    UPGRADE_COMMAND,
    MigrationError,
    MigrationRunner,
    describe_revisions,
)
from ..infrastructure.databases.revision_writer import write_revision
from ..infrastructure.databases.schema_changes import describe
from ..maintenance_settings import (
    DEFAULT_DRAIN_TIMEOUT,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_STATEMENT_TIMEOUT,
)
from .support import MODE_CHOICE, clear_errors, expected_end, maintenance_settings

P = ParamSpec("P")
R = TypeVar("R")
MIGRATE_COMMAND = 'python manage.py db migrate -m "what changes"'


def migration_runner() -> MigrationRunner:
    # db --directory chooses another migrations folder (the tests use it).
    directory = click.get_current_context().find_object(Path) or MIGRATIONS_FOLDER
    # The migrator holds session locks: DATABASE_DIRECT_URL when DATABASE_URL is a pooler.
    return MigrationRunner(Settings.from_environment().session_database_url, directory)


def is_postgresql(runner: MigrationRunner) -> bool:
    return make_url(runner.database_url).get_backend_name() == "postgresql"


WINDOW_OPTIONS = (
    click.option(
        "--no-window",
        is_flag=True,
        help="Skip the maintenance window: only for a migration the running code cannot notice "
        "(db lint says which take long locks).",
    ),
    click.option(
        "--keep-window",
        is_flag=True,
        help="Leave the window open after success (smoke-test with the bypass header, then run "
        "maintenance off).",
    ),
    click.option(
        "--mode",
        type=MODE_CHOICE,
        default="full",
        show_default=True,
        help="full refuses every request; read-only keeps serving reads.",
    ),
    click.option(
        "--on-failure",
        type=click.Choice(["close", "keep"]),
        default="close",
        show_default=True,
        help="What a failed run does with the window it opened.",
    ),
    click.option("--reason", help="Shown by maintenance status and GET /v1/service-context."),
    click.option(
        "--expected-minutes",
        type=click.IntRange(min=1),
        help="Expected duration: sets the expected end and the 503s' Retry-After.",
    ),
    click.option(
        "--drain-timeout",
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds to wait for in-flight requests "
        f"[MAINTENANCE_DRAIN_TIMEOUT or {DEFAULT_DRAIN_TIMEOUT:g}].",
    ),
    click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds a migration statement may wait for a lock "
        f"[MIGRATION_LOCK_TIMEOUT or {DEFAULT_LOCK_TIMEOUT:g}].",
    ),
    click.option(
        "--statement-timeout",
        type=click.FloatRange(min=0),
        help="Seconds a migration statement may run, 0 for no limit "
        f"[MIGRATION_STATEMENT_TIMEOUT or {DEFAULT_STATEMENT_TIMEOUT:g}].",
    ),
)


def window_options(command: Callable[P, R]) -> Callable[P, R]:
    for option in reversed(WINDOW_OPTIONS):
        command = option(command)
    return command


def build_window_options(
    *,
    no_window: bool,
    keep_window: bool,
    mode: str,
    on_failure: str,
    reason: str | None,
    expected_minutes: int | None,
    drain_timeout: float | None,
    lock_timeout: float | None,
    statement_timeout: float | None,
) -> WindowOptions:
    settings = maintenance_settings()
    return WindowOptions(
        open_window=not no_window,
        mode=MaintenanceMode.parse(mode),
        keep_open=keep_window,
        on_failure=FailurePolicy(on_failure),
        reason=reason,
        expected_end=expected_end(expected_minutes),
        refresh_seconds=settings.refresh_seconds,
        drain_timeout=settings.drain_timeout if drain_timeout is None else drain_timeout,
        lock_timeout=settings.lock_timeout if lock_timeout is None else lock_timeout,
        statement_timeout=(
            settings.statement_timeout if statement_timeout is None else statement_timeout
        ),
    )


def migration_window() -> MigrationWindow:
    return MigrationWindow(migration_runner(), report=click.echo)


@click.group()
@click.option(
    "--directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The migrations folder [default: migrations/].",
)
@click.pass_context
def db(context: click.Context, directory: Path | None) -> None:
    """Database migrations: one Alembic branch for the service (core), one per domain."""
    context.obj = directory


@db.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option(
    "--domain",
    help="The branch to write into (a domain, or core): needed when the changes span several "
    "branches, and for --empty. Default: the branch of the changed tables.",
)
@click.option("--empty", is_flag=True, help="Write an empty revision to fill in by hand.")
@clear_errors
def migrate(message: str, domain: str | None, empty: bool) -> None:
    """Write the next revision from what changed in the models (mappers) since the database.

    The database must be at the newest revisions (db upgrade first). The revision goes into the
    branch of the changed tables' mapper module, numbered after the branch's newest (0002_library
    after 0001_library). With no change it writes nothing and exits with status 1.
    """
    runner = migration_runner()
    written = write_revision(runner, message, domain, empty)
    where = (
        written.path.relative_to(Path.cwd())
        if written.path.is_relative_to(Path.cwd())
        else written.path
    )
    click.echo(f"Wrote {where} ({written.revision_id}, branch {written.branch}):")
    placeholder = "nothing yet: write upgrade() and downgrade() with alembic's op"
    for change in written.changes or [placeholder]:
        click.echo(f"  {change}")
    if not written.formatted:
        click.echo("ruff is not installed here: format the file with the project's ruff.")
    click.echo(f"Review it, then run: python manage.py db lint && {UPGRADE_COMMAND}")


# Relative revisions such as -1 are arguments, not options.
REVISION_SETTINGS = {"ignore_unknown_options": True}


def upgrade_verdict(
    runner: MigrationRunner, options: WindowOptions, report: Callable[[str], None]
) -> Callable[[Connection, Direction, list[str]], None]:
    """Before the window opens: which steps need it, by the lint rules."""

    def prepare(connection: Connection, _direction: Direction, steps: list[str]) -> None:
        if not is_postgresql(runner):
            return  # no window on SQLite: nothing to decide
        try:
            verdicts = lint_migrations(runner, steps, _server_version(connection))
        except MigrationError as error:
            report(f"Lint skipped: {error}.")
            return
        for line in report_lines(verdicts):
            report(line)
        needed = [verdict.revision for verdict in verdicts if verdict.needs_window]
        if not needed and options.open_window:
            report(
                "None of these migrations takes a long lock or rewrites a table: if the running "
                "code works with the new schema too, they could run without a window "
                "(--no-window)."
            )
        elif needed and not options.open_window:
            locking = ", ".join(needed)
            report(f"Without a window (--no-window), requests wait on the locks of {locking}.")

    return prepare


def can_ask() -> bool:
    """Whether a person can answer a question here (not a script, not a pipe)."""
    return sys.stdin.isatty()


def downgrade_confirmation(
    runner: MigrationRunner, yes: bool, report: Callable[[str], None]
) -> Callable[[Connection, Direction, list[str]], None]:
    """Before anything is dropped: say what, with the rows it holds, and ask."""

    def prepare(connection: Connection, _direction: Direction, steps: list[str]) -> None:
        preview = preview_downgrade(runner, connection, steps)
        lines = preview.lines()
        if not lines:
            return
        report(f"Reverting {', '.join(steps)} drops:")
        for line in lines:
            report(line)
        if not (preview.loses_rows or preview.unread) or yes:
            return
        if not can_ask():
            raise MigrationError(
                "The downgrade drops data and there is no terminal to ask: run it again with "
                "--yes to drop it."
            )
        if not click.confirm("Drop them, with their rows?", default=False):
            raise MigrationError("Nothing was changed: the downgrade was not confirmed.")

    return prepare


def _server_version(connection: Connection) -> str | None:
    version = connection.dialect.server_version_info
    return ".".join(str(part) for part in version[:2]) if version else None


@db.command(context_settings=REVISION_SETTINGS)
@click.argument("revision", default="heads")
@window_options
@clear_errors
def upgrade(revision: str, **options: Any) -> None:
    """Apply the migrations up to REVISION (default: the newest of every branch) in a window.

    One migrator at a time; nothing changes when nothing is pending. Prints the lint verdict
    (db lint), opens the window, waits until every instance has drained, migrates in one
    transaction, closes the window. On SQLite it migrates in one transaction, without a window.
    """
    runner = migration_runner()
    window_settings = build_window_options(**options)
    prepare = upgrade_verdict(runner, window_settings, click.echo)
    MigrationWindow(runner, report=click.echo, prepare=prepare).upgrade(revision, window_settings)


@db.command(context_settings=REVISION_SETTINGS)
@click.argument("revision", required=False)
@click.option("--yes", is_flag=True, help="Drop the tables and columns without asking.")
@window_options
@clear_errors
def downgrade(revision: str | None, yes: bool, **options: Any) -> None:
    """Revert the migrations down to REVISION, like upgrade; says what it drops and asks.

    REVISION is BRANCH@-1 (the branch's last revision), BRANCH@base (the whole branch) or a
    revision id. With one branch applied, the default is -1 (the last revision).
    """
    runner = migration_runner()
    prepare = downgrade_confirmation(runner, yes, click.echo)
    window = MigrationWindow(runner, report=click.echo, prepare=prepare)
    window.downgrade(revision or "-1", build_window_options(**options))


@db.command()
@clear_errors
def current() -> None:
    """Show the revisions the database is at, and the ones still to apply."""
    runner = migration_runner()
    engine = create_migration_engine(runner.database_url)
    try:
        revisions = runner.current_revisions(engine)
        pending = runner.pending_after(revisions)
    finally:
        engine.dispose()
    click.echo(f"The database is at {describe_revisions(revisions)}.")
    if pending:
        click.echo(f"Pending: {', '.join(pending)}: run {UPGRADE_COMMAND}")
    else:
        click.echo("Up to date with the migrations.")


@db.command()
@clear_errors
def history() -> None:
    """List the revisions, newest first, with the revision each follows."""
    for line in migration_runner().history():
        click.echo(line)


@db.command()
@clear_errors
def heads() -> None:
    """Show each branch's newest revision. Check it after merging code from several people.

    Two revisions written on two lines of work may follow the same revision: their branch then
    has two heads, and db upgrade and db migrate refuse it until db merge joins them.
    """
    runner = migration_runner()
    split = []
    for branch in runner.branches():
        branch_heads = runner.branch_heads(branch)
        click.echo(f"{branch}: {', '.join(branch_heads)}")
        if len(branch_heads) > 1:
            split.append(branch)
    for branch in split:
        click.echo(
            f"{branch} has several heads: join them with: python manage.py db merge {branch}"
        )


@db.command()
@click.argument("branch")
@click.option("-m", "--message", default="merge", show_default=True)
@clear_errors
def merge(branch: str, message: str) -> None:
    """Join the heads of BRANCH into one revision: needed when db heads shows two for a branch.

    That happens when two revisions written apart follow the same one. The merge revision runs
    nothing itself; db upgrade then applies both.
    """
    path = migration_runner().merge(branch, message)
    click.echo(f"Wrote {path}: review it, then run: {UPGRADE_COMMAND}")


@db.command()
@click.argument("revision")
@clear_errors
def stamp(revision: str) -> None:
    """Record the database as at REVISION without running any migration.

    Only for a database whose schema is already right but whose alembic_version is not: one
    restored from a dump without it, or repaired by hand. It changes no table; stamping a wrong
    revision makes db upgrade skip or repeat migrations. REVISION may be heads.
    """
    runner = migration_runner()
    runner.stamp(revision)
    engine = create_migration_engine(runner.database_url)
    try:
        at = describe_revisions(runner.current_revisions(engine))
    finally:
        engine.dispose()
    click.echo(f"The database is recorded at {at}; no table was changed.")


@db.command()
@clear_errors
def check() -> None:
    """Fail when the models and the migrations differ (a migration is missing)."""
    runner = migration_runner()
    differences = runner.differences()
    if differences:
        lines = describe(differences)
        count = "1 difference" if len(lines) == 1 else f"{len(lines)} differences"
        click.echo(f"The models differ from the migrations ({count}):", err=True)
        for line in lines:
            click.echo(f"  {line}", err=True)
        raise click.ClickException(f"Write the migration: {MIGRATE_COMMAND}")
    click.echo("No drift: the migrations match the models.")


@db.command()
@click.argument("revisions", nargs=-1)
@clear_errors
def lint(revisions: tuple[str, ...]) -> None:
    """Say which pending migrations need a maintenance window, with squawk.

    Checks the PostgreSQL SQL of each pending revision (or of REVISIONS, without asking the
    database) for statements that hold long locks, rewrite tables or break the running code.
    Exits with status 1 when one does.
    """
    runner = migration_runner()
    version = None
    if revisions:
        steps = list(revisions)
    else:
        engine = create_migration_engine(runner.database_url)
        try:
            steps = runner.pending_revisions(engine)
            if is_postgresql(runner):
                with engine.connect() as connection:
                    version = _server_version(connection)
        finally:
            engine.dispose()
    if not steps:
        click.echo("Nothing pending to lint.")
        return
    verdicts: list[Verdict] = lint_migrations(runner, steps, version)
    for line in report_lines(verdicts):
        click.echo(line)
    needed = [verdict.revision for verdict in verdicts if verdict.needs_window]
    if needed:
        raise click.ClickException(
            f"{', '.join(needed)} need a maintenance window: db upgrade opens one (the default)."
        )
    click.echo("No migration needs a window for its locks.")
