"""Gunicorn settings, each overridable from the environment."""

import multiprocessing
import os
from pathlib import Path

from dotenv import load_dotenv

from {{ cookiecutter.package_name }}.config import ConfigurationError
from {{ cookiecutter.package_name }}.settings_check import read_settings, report

wsgi_app = "wsgi:app"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
accesslog = None  # the application logs every request with its request id
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server: object) -> None:
    """Check every setting once, in the master: a mistake stops gunicorn with one message,
    before any worker starts (each worker would otherwise fail with a traceback of its own)."""
    load_dotenv(Path(__file__).resolve().parent / ".env")  # as wsgi.py does
    try:
        read_settings()
    except ConfigurationError as error:
        raise SystemExit(report(error)) from None
