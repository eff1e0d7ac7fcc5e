"""Cross-origin access, allowed only for the origins listed in CORS_ORIGINS."""

from flask import Flask
from flask_cors import CORS

from .config import Settings


def configure_cors(app: Flask, settings: Settings) -> None:
    if settings.cors_origins:
        CORS(app, origins=list(settings.cors_origins))
