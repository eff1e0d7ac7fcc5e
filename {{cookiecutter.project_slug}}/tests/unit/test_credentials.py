"""The constant-time check of the secrets requests carry."""

import unittest

from {{ cookiecutter.package_name }}.api.credentials import secret_matches


class SecretMatchesTest(unittest.TestCase):
    def test_only_the_configured_secret_matches(self) -> None:
        self.assertTrue(secret_matches("s3cret-value-0123", "s3cret-value-0123"))
        self.assertFalse(secret_matches("s3cret-value-0124", "s3cret-value-0123"))
        self.assertFalse(secret_matches("s3cret", "s3cret-value-0123"))

    def test_nothing_matches_a_missing_secret_or_a_missing_answer(self) -> None:
        self.assertFalse(secret_matches(None, "s3cret-value-0123"))
        self.assertFalse(secret_matches("", "s3cret-value-0123"))
        self.assertFalse(secret_matches("anything", None))
        self.assertFalse(secret_matches("", ""))

    def test_text_beyond_ascii_is_compared_too(self) -> None:
        self.assertTrue(secret_matches("clé-secrète-0123", "clé-secrète-0123"))
        self.assertFalse(secret_matches("cle-secrete-0123", "clé-secrète-0123"))
