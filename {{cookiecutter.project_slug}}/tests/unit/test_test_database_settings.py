"""The tests find TEST_DATABASE_URL as manage.py finds its settings: environment, then .env."""

import tempfile
import unittest
from pathlib import Path

from ..support.database import configured_server_url

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


class ConfiguredServerUrlTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.env_file = Path(folder.name) / ".env"

    def test_read_from_env_file(self) -> None:
        self.env_file.write_text(f"APP_ENV=development\nTEST_DATABASE_URL={SERVER}\n")
        self.assertEqual(configured_server_url({}, self.env_file), SERVER)

    def test_the_environment_wins_over_env_file(self) -> None:
        self.env_file.write_text("TEST_DATABASE_URL=postgresql://other@db/postgres\n")
        environ = {"TEST_DATABASE_URL": SERVER}
        self.assertEqual(configured_server_url(environ, self.env_file), SERVER)

    def test_unset_everywhere_is_empty(self) -> None:
        self.assertEqual(configured_server_url({}, self.env_file), "")
