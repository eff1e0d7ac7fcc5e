"""Log lines: JSON in production with the request id, readable text otherwise."""

import io
import json
import logging
import unittest

from flask import Flask, g

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.logging import QUIET_LIBRARY_LOGGERS, configure_logging


class LoggingTest(unittest.TestCase):
    def setUp(self) -> None:
        root = logging.getLogger()
        saved_handlers, saved_level = root.handlers[:], root.level

        def restore() -> None:
            root.handlers[:] = saved_handlers
            root.setLevel(saved_level)

        self.addCleanup(restore)
        for name in QUIET_LIBRARY_LOGGERS:
            logger = logging.getLogger(name)
            self.addCleanup(logger.setLevel, logger.level)

    def capture(self, json_logs: bool, log_level: str = "INFO") -> io.StringIO:
        configure_logging(Settings(json_logs=json_logs, log_level=log_level))
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

    def test_http_client_libraries_log_warnings_but_not_each_call(self) -> None:
        stream = self.capture(json_logs=False)
        for name in ("httpx", "httpcore"):
            with self.subTest(logger=name):
                logger = logging.getLogger(name)
                logger.info("HTTP Request: GET https://api.example/users/x?token=t")
                logger.debug("send_request_headers.started")
                logger.warning("pool is full")
                self.assertNotIn("HTTP Request", stream.getvalue())
                self.assertNotIn("send_request_headers", stream.getvalue())
                self.assertIn(f"WARNING [-] {name}: pool is full", stream.getvalue())
        logging.getLogger("demo").info("the service's own lines still come at INFO")
        self.assertIn("INFO [-] demo: the service's own lines", stream.getvalue())

    def test_http_client_libraries_never_log_below_the_configured_level(self) -> None:
        stream = self.capture(json_logs=False, log_level="ERROR")
        logging.getLogger("httpx").warning("retrying")
        logging.getLogger("httpx").error("gave up")
        self.assertNotIn("retrying", stream.getvalue())
        self.assertIn("ERROR [-] httpx: gave up", stream.getvalue())
