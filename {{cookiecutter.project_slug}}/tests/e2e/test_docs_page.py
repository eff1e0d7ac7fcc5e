"""/docs: Swagger UI served entirely by the service, from assets it ships; /docs/ redirects."""

import re
import unittest
from typing import ClassVar

from flask.testing import FlaskClient

from {{ cookiecutter.package_name }}.config import TESTING, Settings
from {{ cookiecutter.package_name }}.create_app import create_app

CONTENT_TYPES = {".js": "javascript", ".css": "text/css"}


class DocsPageTest(unittest.TestCase):
    client: ClassVar[FlaskClient]

    @classmethod
    def setUpClass(cls) -> None:
        # The page needs no database: an SQLite URL that is never opened.
        settings = Settings.from_environment(
            {"APP_ENV": TESTING, "DATABASE_URL": "sqlite://", "LOG_LEVEL": "CRITICAL"}
        )
        cls.client = create_app(settings).test_client()

    def test_every_asset_of_the_page_comes_from_the_service(self) -> None:
        page = self.client.get("/docs")
        self.assertEqual(page.status_code, 200)
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.get_data(as_text=True))
        self.assertTrue(assets, "the page loads Swagger UI's script and style")
        for asset in assets:
            with self.subTest(asset=asset):
                self.assertTrue(asset.startswith("/"), f"{asset} is not on this service")
                with self.client.get(asset) as response:  # closes the file it sends
                    self.assertEqual(response.status_code, 200)
                    suffix = asset[asset.rindex(".") :]
                    self.assertIn(CONTENT_TYPES[suffix], response.content_type)
                    self.assertGreater(len(response.data), 1000)

    def test_trailing_slash_redirects_to_the_page(self) -> None:
        response = self.client.get("/docs/")
        self.assertEqual(response.status_code, 308)
        self.assertEqual(response.headers["Location"], "/docs")
        self.assertEqual(response.get_json(), {"message": "The documentation is at /docs."})

    def test_an_unknown_asset_answers_json_404(self) -> None:
        response = self.client.get("/docs/swagger-ui/no-such-file.js")
        self.assertEqual(response.status_code, 404)
        self.assertIn("message", response.get_json())
