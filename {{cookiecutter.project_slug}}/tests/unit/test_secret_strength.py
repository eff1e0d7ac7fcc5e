"""Production secrets: long enough, random-looking, not a placeholder; the refusal says how to
make a good one and never quotes the value."""

import unittest

from {{ cookiecutter.package_name }}.secret_strength import RANDOM_VALUE_COMMAND, secret_problem

# Made with secrets.token_hex and secrets.token_urlsafe: what the hint tells operators to use.
RANDOM = ("9c2e7a4f1b8d0e6c", "5f1c9a0e7b3d4c2a8e6f0b1d9c7a5e3f", "Xk3_9vQz-Lr8TbW2mN5pYc")


class SecretProblemTest(unittest.TestCase):
    def test_random_values_are_fit(self) -> None:
        for value in RANDOM:
            with self.subTest(value=value):
                self.assertIsNone(secret_problem("API_KEY", value, 16))

    def test_placeholders_repetitions_and_few_characters_are_refused(self) -> None:
        cases = {
            "changeme" * 4: "placeholder 'changeme'",
            "changemechangeme": "placeholder 'changeme'",
            "my-Secret-key-for-production-use": "placeholder 'secret'",
            "a" * 32: "repeats one character",
            "0" * 16: "repeats one character",
            "ab12" * 8: "one short sequence repeated",
            "aaaaaaaaaaaaaaabbbbbbbbbbbbbbbbc": "only 3 distinct characters",
            "7f3a9c": "shorter than the 16 characters",
        }
        for value, reason in cases.items():
            with self.subTest(value=value):
                problem = secret_problem("API_KEY", value, 16)
                assert problem is not None
                self.assertTrue(problem.startswith("API_KEY "), problem)
                self.assertIn(reason, problem)
                self.assertIn(RANDOM_VALUE_COMMAND, problem)
                self.assertNotIn(value, problem, "a refusal never quotes the value")

    def test_the_hint_can_be_the_settings_own(self) -> None:
        problem = secret_problem("UPSTREAM_TOKEN", "x", 16, "use the token the upstream issued")
        self.assertEqual(
            problem,
            "UPSTREAM_TOKEN is shorter than the 16 characters production needs: "
            "use the token the upstream issued.",
        )
