"""Log lines: JSON in production with the request id, readable text otherwise."""

import io
import json
import logging
import unittest

from flask import Flask, g

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.logging import configure_logging


class LoggingTest(unittest.TestCase):
    def setUp(self) -> None:
        root = logging.getLogger()
        saved_handlers, saved_level = root.handlers[:], root.level

        def restore() -> None:
            root.handlers[:] = saved_handlers
            root.setLevel(saved_level)

        self.addCleanup(restore)

    def capture(self, json_logs: bool) -> io.StringIO:
        configure_logging(Settings(json_logs=json_logs, log_level="INFO"))
        stream = io.StringIO()
        handler = logging.getLogger().handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(stream)
        return stream

    def test_json_lines_carry_the_request_id(self) -> None:
        stream = self.capture(json_logs=True)
        with Flask(__name__).test_request_context("/"):
            g.request_id = "trace-1"
            logging.getLogger("demo").info("hello")
        record = json.loads(stream.getvalue())
        self.assertEqual(record["message"], "hello")
        self.assertEqual(record["request_id"], "trace-1")
        self.assertEqual(record["level"], "INFO")

    def test_text_lines_outside_a_request_show_a_dash(self) -> None:
        stream = self.capture(json_logs=False)
        logging.getLogger("demo").warning("careful")
        self.assertIn("WARNING [-] demo: careful", stream.getvalue())
