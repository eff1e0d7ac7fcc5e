"""Backend settings: sample by default in development; production needs live and its credentials."""

import unittest

from {{ cookiecutter.package_name }}.config import ConfigurationError
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.settings import (
    ConnectedDevelopersSettings,
    Timeouts,
)

GITHUB_TOKEN = "ghp_unit_token_0123456789"
TWITTER_TOKEN = "twitter-unit-bearer-0123456789"
CREDENTIALS = {"GITHUB_TOKEN": GITHUB_TOKEN, "TWITTER_BEARER_TOKEN": TWITTER_TOKEN}


def read(environ: dict[str, str], production: bool = False) -> ConnectedDevelopersSettings:
    return ConnectedDevelopersSettings.from_environment(environ, production=production)


class BackendChoiceTest(unittest.TestCase):
    def test_development_uses_the_sample_data_with_no_credentials(self) -> None:
        settings = read({})
        self.assertEqual(settings.backend, "sample")
        self.assertEqual(settings.github_api_url, "https://api.github.com")
        self.assertEqual(settings.twitter_api_url, "https://api.twitter.com")

    def test_production_defaults_to_live_and_names_every_missing_credential(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({}, production=True)
        self.assertIn("GITHUB_TOKEN", str(raised.exception))
        self.assertIn("TWITTER_BEARER_TOKEN", str(raised.exception))

    def test_production_names_only_the_missing_credential(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"GITHUB_TOKEN": GITHUB_TOKEN}, production=True)
        self.assertIn("TWITTER_BEARER_TOKEN", str(raised.exception))
        self.assertNotIn("GITHUB_TOKEN", str(raised.exception))

    def test_production_refuses_placeholder_credentials_naming_each(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"GITHUB_TOKEN": "changeme", "TWITTER_BEARER_TOKEN": "x" * 40}, production=True)
        self.assertEqual(len(raised.exception.problems), 2)
        self.assertIn("GITHUB_TOKEN contains the placeholder", raised.exception.problems[0])
        self.assertIn("TWITTER_BEARER_TOKEN", raised.exception.problems[1])

    def test_production_refuses_the_sample_data(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"CONNECTED_DEVELOPERS_BACKEND": "sample", **CREDENTIALS}, production=True)
        self.assertIn("live", str(raised.exception))

    def test_production_with_credentials_is_live(self) -> None:
        settings = read(CREDENTIALS, production=True)
        self.assertEqual(settings.backend, "live")
        self.assertEqual(settings.github_token, GITHUB_TOKEN)
        self.assertEqual(settings.twitter_bearer_token, TWITTER_TOKEN)

    def test_live_in_development_needs_the_twitter_token_only(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"CONNECTED_DEVELOPERS_BACKEND": "live"})
        self.assertIn("TWITTER_BEARER_TOKEN", str(raised.exception))
        settings = read(
            {"CONNECTED_DEVELOPERS_BACKEND": "LIVE", "TWITTER_BEARER_TOKEN": TWITTER_TOKEN}
        )
        self.assertEqual(settings.backend, "live")
        self.assertEqual(settings.github_token, "")

    def test_an_unknown_backend_is_refused(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"CONNECTED_DEVELOPERS_BACKEND": "mock"})
        self.assertIn("CONNECTED_DEVELOPERS_BACKEND", str(raised.exception))


class UpstreamSettingsTest(unittest.TestCase):
    def test_base_urls_come_from_the_environment_without_a_trailing_slash(self) -> None:
        settings = read(
            {
                "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
                "TWITTER_API_URL": "http://127.0.0.1:8080",
            }
        )
        self.assertEqual(settings.github_api_url, "https://ghe.example.com/api/v3")
        self.assertEqual(settings.twitter_api_url, "http://127.0.0.1:8080")

    def test_a_base_url_that_is_not_http_is_refused(self) -> None:
        for raw in ("ftp://example.com", "api.github.com", "http://"):
            with self.subTest(raw=raw), self.assertRaises(ConfigurationError) as raised:
                read({"GITHUB_API_URL": raw})
            self.assertIn("GITHUB_API_URL", str(raised.exception))

    def test_timeouts_come_from_the_environment(self) -> None:
        settings = read(
            {
                "CONNECTED_DEVELOPERS_CONNECT_TIMEOUT": "1.5",
                "CONNECTED_DEVELOPERS_READ_TIMEOUT": "4",
            }
        )
        self.assertEqual(settings.timeouts, Timeouts(connect=1.5, read=4.0))
        self.assertEqual(read({}).timeouts, Timeouts(connect=3.0, read=10.0))

    def test_a_timeout_that_is_not_a_positive_number_is_refused(self) -> None:
        for raw in ("0", "-1", "soon", "301"):
            with self.subTest(raw=raw), self.assertRaises(ConfigurationError) as raised:
                read({"CONNECTED_DEVELOPERS_READ_TIMEOUT": raw})
            self.assertIn("CONNECTED_DEVELOPERS_READ_TIMEOUT", str(raised.exception))


class CredentialsStayHiddenTest(unittest.TestCase):
    def test_the_settings_never_show_the_credentials(self) -> None:
        settings = read(CREDENTIALS, production=True)
        for shown in (repr(settings), str(settings)):
            self.assertNotIn(GITHUB_TOKEN, shown)
            self.assertNotIn(TWITTER_TOKEN, shown)

    def test_configuration_errors_never_show_a_credential(self) -> None:
        with self.assertRaises(ConfigurationError) as raised:
            read({"CONNECTED_DEVELOPERS_BACKEND": "sample", **CREDENTIALS}, production=True)
        self.assertNotIn(GITHUB_TOKEN, str(raised.exception))
        self.assertNotIn(TWITTER_TOKEN, str(raised.exception))
