"""Catown's settings: the API key is optional, and production refuses a guessable one."""

import unittest

from {{ cookiecutter.package_name }}.composition.catown.settings import CatownSettings
from {{ cookiecutter.package_name }}.config import ConfigurationError


class CatownSettingsTest(unittest.TestCase):
    def test_without_a_key_the_endpoints_are_open(self) -> None:
        for environ in ({}, {"API_KEY": ""}, {"API_KEY": "   "}):
            with self.subTest(environ=environ):
                self.assertIsNone(CatownSettings.from_environment(environ, production=True).api_key)

    def test_the_key_is_read_from_api_key(self) -> None:
        settings = CatownSettings.from_environment({"API_KEY": "9c2e7a4f1b8d0e6c"}, production=True)
        self.assertEqual(settings.api_key, "9c2e7a4f1b8d0e6c")

    def test_production_refuses_a_short_key_naming_it(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            CatownSettings.from_environment({"API_KEY": "short"}, production=True)
        self.assertIn("API_KEY", str(raised.exception))

    def test_development_accepts_a_short_key(self) -> None:
        settings = CatownSettings.from_environment({"API_KEY": "short"}, production=False)
        self.assertEqual(settings.api_key, "short")

    def test_production_refuses_a_placeholder_key_saying_how_to_make_one(self) -> None:
        for key in ("changemechangeme", "0" * 16, "ab" * 10):
            with self.subTest(key=key), self.assertRaises(ConfigurationError) as raised:
                CatownSettings.from_environment({"API_KEY": key}, production=True)
            self.assertIn("API_KEY", str(raised.exception))
            self.assertIn("secrets.token_hex", str(raised.exception))
