"""Settings: development defaults, URL normalisation, and production refusing to start unsafely."""

import unittest
from pathlib import Path

from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.config import (
    DEVELOPMENT_DATABASE_URL,
    ConfigurationError,
    Settings,
    normalize_database_url,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "APP_ENV": "production",
    "DATABASE_URL": "postgresql://svc:secret@db:5432/svc",
    "SECRET_KEY": "5f1c9a0e7b3d4c2a8e6f0b1d9c7a5e3f2b4d6c8a",
}


class NormalizeDatabaseUrlTest(unittest.TestCase):
    def test_every_postgresql_spelling_uses_psycopg2(self) -> None:
        for raw in ("postgres://u:p@h/d", "postgresql://u:p@h/d", "postgresql+psycopg2://u:p@h/d"):
            with self.subTest(raw=raw):
                self.assertEqual(normalize_database_url(raw), "postgresql+psycopg2://u:p@h/d")

    def test_password_survives_normalisation(self) -> None:
        url = normalize_database_url("postgresql://u:p%40ss@h:5433/d")
        self.assertEqual(url, "postgresql+psycopg2://u:p%40ss@h:5433/d")

    def test_sqlite_is_left_alone(self) -> None:
        self.assertEqual(normalize_database_url("sqlite:///x.db"), "sqlite:///x.db")


class SettingsTest(unittest.TestCase):
    def test_development_runs_without_any_setting(self) -> None:
        settings = Settings.from_environment({})
        self.assertEqual(settings.environment, "development")
        self.assertEqual(settings.database_url, DEVELOPMENT_DATABASE_URL)
        self.assertFalse(settings.json_logs)

    def test_the_development_database_is_in_the_project_folder_whatever_the_cwd(self) -> None:
        database = make_url(Settings.from_environment({}).database_url).database
        self.assertEqual(database, str(PROJECT_ROOT / "instance" / "development.sqlite3"))

    def test_a_relative_sqlite_file_is_taken_from_the_project_folder(self) -> None:
        settings = Settings.from_environment({"DATABASE_URL": "sqlite:///local.sqlite3"})
        self.assertEqual(
            make_url(settings.database_url).database, str(PROJECT_ROOT / "local.sqlite3")
        )
        absolute = Settings.from_environment({"DATABASE_URL": "sqlite:////var/x.sqlite3"})
        self.assertEqual(make_url(absolute.database_url).database, "/var/x.sqlite3")

    def test_production_names_every_missing_setting(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({"APP_ENV": "production"})
        self.assertIn("DATABASE_URL", str(raised.exception))
        self.assertIn("SECRET_KEY", str(raised.exception))

    def test_production_refuses_sqlite(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"})
        self.assertIn("PostgreSQL", str(raised.exception))

    def test_production_refuses_a_short_secret(self) -> None:
        with self.assertRaises(ConfigurationError):
            Settings.from_environment({**PRODUCTION_ENV, "SECRET_KEY": "short"})

    def test_production_logs_json_and_uses_psycopg2(self) -> None:
        settings = Settings.from_environment(PRODUCTION_ENV)
        self.assertTrue(settings.json_logs)
        self.assertTrue(settings.database_url.startswith("postgresql+psycopg2://"))

    def test_unknown_environment_is_refused(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({"APP_ENV": "prod"})
        self.assertIn("production", str(raised.exception))

    def test_bad_pool_size_is_refused(self) -> None:
        with self.assertRaises(ConfigurationError):
            Settings.from_environment({"DATABASE_POOL_SIZE": "many"})

    def test_cors_origins_are_a_list(self) -> None:
        settings = Settings.from_environment({"CORS_ORIGINS": "https://a.test, https://b.test"})
        self.assertEqual(settings.cors_origins, ("https://a.test", "https://b.test"))


DIRECT_URL = "postgresql://svc:secret@db:5432/svc"
POOLED_ENV = {**PRODUCTION_ENV, "DATABASE_URL": "postgresql://svc:secret@pgbouncer:6432/svc"}


class PoolerTest(unittest.TestCase):
    """The maintenance fence and the migrator need a session of their own."""

    def test_without_a_pooler_sessions_use_database_url(self) -> None:
        settings = Settings.from_environment(PRODUCTION_ENV)
        self.assertIsNone(settings.database_direct_url)
        self.assertEqual(settings.session_database_url, settings.database_url)

    def test_a_transaction_pooler_without_a_direct_url_refuses_to_start(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({**POOLED_ENV, "DATABASE_POOLER": "transaction"})
        self.assertIn("DATABASE_DIRECT_URL", str(raised.exception))

    def test_a_transaction_pooler_with_a_direct_url_keeps_requests_on_the_pooler(self) -> None:
        settings = Settings.from_environment(
            {**POOLED_ENV, "DATABASE_POOLER": "Transaction", "DATABASE_DIRECT_URL": DIRECT_URL}
        )
        self.assertEqual(settings.database_url, normalize_database_url(POOLED_ENV["DATABASE_URL"]))
        self.assertEqual(settings.session_database_url, normalize_database_url(DIRECT_URL))

    def test_a_session_pooler_needs_no_direct_url(self) -> None:
        settings = Settings.from_environment({**POOLED_ENV, "DATABASE_POOLER": "session"})
        self.assertEqual(settings.session_database_url, settings.database_url)

    def test_an_unknown_pooler_is_refused(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({**PRODUCTION_ENV, "DATABASE_POOLER": "statement"})
        self.assertIn("transaction", str(raised.exception))

    def test_a_direct_url_must_be_postgresql(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            Settings.from_environment({**PRODUCTION_ENV, "DATABASE_DIRECT_URL": "sqlite:///x.db"})
        self.assertIn("DATABASE_DIRECT_URL", str(raised.exception))
