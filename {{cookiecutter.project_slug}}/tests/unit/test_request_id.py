"""Request ids: a caller's plain id is kept, anything else is replaced."""

import unittest

from {{ cookiecutter.package_name }}.api.requests import request_id_from


class RequestIdTest(unittest.TestCase):
    def test_plain_caller_id_is_kept(self) -> None:
        self.assertEqual(request_id_from("abc-123"), "abc-123")

    def test_missing_or_unsafe_id_is_replaced(self) -> None:
        for unsafe in (None, "", "a b", "x" * 200, "id\nInjected: yes"):
            with self.subTest(unsafe=unsafe):
                generated = request_id_from(unsafe)
                self.assertRegex(generated, r"^[0-9a-f]{32}$")
