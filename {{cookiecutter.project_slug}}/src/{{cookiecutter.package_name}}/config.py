"""Settings read from the environment, checked before the service starts."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .secret_strength import MAKE_ONE, secret_problem

DEVELOPMENT = "development"
PRODUCTION = "production"
TESTING = "testing"
ENVIRONMENTS = (DEVELOPMENT, PRODUCTION, TESTING)


def project_folder() -> Path:
    """The folder of manage.py, migrations/ and .env, whatever the working directory.

    It is the source checkout the package is installed from (pip install -e); an installed copy
    (a container image) has none, and runs from the folder its manage.py and migrations/ are in.
    """
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "manage.py").is_file() else Path.cwd()


PROJECT_FOLDER = project_folder()
MIGRATIONS_FOLDER = PROJECT_FOLDER / "migrations"
# An embedded database lets a freshly generated project run with no database server.
DEVELOPMENT_DATABASE_URL = f"sqlite:///{PROJECT_FOLDER / 'instance' / 'development.sqlite3'}"
DEVELOPMENT_SECRET_KEY = "development-only-secret-key"  # noqa: S105 - refused in production
MIN_SECRET_KEY_LENGTH = 32
POSTGRESQL_URL_HINT = "set it to postgresql://user:password@host:5432/name"
# A shorter API key or operator token can be guessed: production refuses one.
MIN_PRODUCTION_SECRET_LENGTH = 16
# DATABASE_POOLER: what stands between DATABASE_URL and PostgreSQL. A transaction pooler hands
# each transaction whichever server session is free, so session state does not last.
NO_POOLER = "none"
SESSION_POOLER = "session"
TRANSACTION_POOLER = "transaction"
POOLERS = (NO_POOLER, SESSION_POOLER, TRANSACTION_POOLER)
# Seconds a request waits for a database connection (a pooled one or a new one) before the
# service answers 503: well below gunicorn's worker timeout, so a worker is never killed waiting.
DEFAULT_DATABASE_CONNECT_TIMEOUT = 5

T = TypeVar("T")


class ConfigurationError(Exception):
    """The environment does not describe a service that can start: one line per problem."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Problems:
    """Collects what is wrong with the environment, so that one error names every problem."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str | None) -> None:
        if line is not None:
            self.lines.append(line)

    def read(self, reader: Callable[[], T], fallback: T) -> T:
        """What reader returns; fallback, with its problems noted, when it raises."""
        try:
            return reader()
        except ConfigurationError as error:
            self.lines.extend(error.problems)
            return fallback

    def raise_if_any(self) -> None:
        if self.lines:
            raise ConfigurationError(*self.lines)


def normalize_database_url(raw_url: str) -> str:
    """Map every PostgreSQL spelling to the psycopg2 driver the service ships with."""
    url: URL = make_url(raw_url)
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg2")
    return url.render_as_string(hide_password=False)


def app_environment(env: Mapping[str, str]) -> str:
    """APP_ENV, checked: every other setting depends on it."""
    environment = env.get("APP_ENV", DEVELOPMENT).strip().lower() or DEVELOPMENT
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(
            f"APP_ENV={environment!r} is not known: set it to one of {', '.join(ENVIRONMENTS)}."
        )
    return environment


def _database_url(raw_url: str) -> str:
    try:
        return normalize_database_url(raw_url)
    except ArgumentError:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL: {POSTGRESQL_URL_HINT}."
        ) from None


def anchor_sqlite_path(database_url: str, folder: Path) -> str:
    """A relative SQLite file is taken from folder, not from the working directory."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return database_url
    if url.database.startswith("file:") or Path(url.database).is_absolute():
        return database_url
    return url.set(database=str(folder / url.database)).render_as_string(hide_password=False)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _whole_number(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number of {minimum} or more.")
    return int(raw)


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def _direct_database_url(env: Mapping[str, str]) -> str | None:
    """DATABASE_DIRECT_URL checked against DATABASE_POOLER; None: sessions may use DATABASE_URL.

    The maintenance fence and the migrator hold PostgreSQL session locks, which need a session of
    their own; behind a transaction pooler the service refuses to start without a direct URL.
    """
    pooler = env.get("DATABASE_POOLER", "").strip().lower() or NO_POOLER
    if pooler not in POOLERS:
        raise ConfigurationError(
            f"DATABASE_POOLER={pooler!r} is not known: set it to one of {', '.join(POOLERS)}."
        )
    raw = env.get("DATABASE_DIRECT_URL", "").strip()
    if not raw:
        if pooler == TRANSACTION_POOLER:
            raise ConfigurationError(
                "DATABASE_POOLER=transaction: DATABASE_URL goes through a pooler that gives each "
                "transaction any free server session, so the maintenance fence's session locks "
                "would be taken on one session and left on another. Set DATABASE_DIRECT_URL to a "
                "URL that reaches PostgreSQL directly (or through a session-mode pooler): the "
                "fence and the migrations use it, requests keep using DATABASE_URL."
            )
        return None
    url = normalize_database_url(raw)
    if make_url(url).get_backend_name() != "postgresql":
        raise ConfigurationError(
            "DATABASE_DIRECT_URL must point at PostgreSQL (postgresql://user:password@host:5432/"
            "name): it carries the maintenance fence and the migrations."
        )
    return url


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to know about where it runs."""

    environment: str = DEVELOPMENT
    database_url: str = DEVELOPMENT_DATABASE_URL
    secret_key: str = DEVELOPMENT_SECRET_KEY
    log_level: str = "INFO"
    json_logs: bool = False
    cors_origins: tuple[str, ...] = ()
    database_pool_size: int = 5
    database_max_overflow: int = 10
    database_connect_timeout: int = DEFAULT_DATABASE_CONNECT_TIMEOUT
    # A session of its own for the maintenance fence and the migrator, when DATABASE_URL is a
    # transaction pooler; None: they use DATABASE_URL.
    database_direct_url: str | None = None
    # The whole environment, for the settings of optional parts (each reads its own names).
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def is_production(self) -> bool:
        return self.environment == PRODUCTION

    @property
    def session_database_url(self) -> str:
        """Where the maintenance fence and the migrator hold their session locks."""
        return self.database_direct_url or self.database_url

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings; in production, refuse to start on development defaults."""
        env = os.environ if environ is None else environ
        environment = app_environment(env)
        production = environment == PRODUCTION
        problems = Problems()
        raw_url = env.get("DATABASE_URL", "").strip()
        database_url = problems.read(
            lambda: anchor_sqlite_path(
                _database_url(raw_url or DEVELOPMENT_DATABASE_URL), PROJECT_FOLDER
            ),
            "",
        )
        secret_key = env.get("SECRET_KEY", "").strip()
        if production:
            # Production never falls back to development values.
            if not raw_url:
                problems.add(f"DATABASE_URL is not set: {POSTGRESQL_URL_HINT}.")
            elif database_url and make_url(database_url).get_backend_name() != "postgresql":
                problems.add(
                    f"DATABASE_URL must be PostgreSQL in production: {POSTGRESQL_URL_HINT}."
                )
            if not secret_key:
                problems.add(f"SECRET_KEY is not set: {MAKE_ONE}.")
            else:
                problems.add(secret_problem("SECRET_KEY", secret_key, MIN_SECRET_KEY_LENGTH))
        settings = cls(
            environment=environment,
            database_url=database_url,
            secret_key=secret_key or DEVELOPMENT_SECRET_KEY,
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            json_logs=_flag(env.get("JSON_LOGS"), default=production),
            cors_origins=_list(env.get("CORS_ORIGINS")),
            database_pool_size=problems.read(
                lambda: _whole_number(env, "DATABASE_POOL_SIZE", 5), 5
            ),
            database_max_overflow=problems.read(
                lambda: _whole_number(env, "DATABASE_MAX_OVERFLOW", 10, minimum=0), 10
            ),
            database_connect_timeout=problems.read(
                lambda: _whole_number(
                    env, "DATABASE_CONNECT_TIMEOUT", DEFAULT_DATABASE_CONNECT_TIMEOUT
                ),
                DEFAULT_DATABASE_CONNECT_TIMEOUT,
            ),
            database_direct_url=problems.read(lambda: _direct_database_url(env), None),
            environ=dict(env),
        )
        problems.raise_if_any()
        return settings
