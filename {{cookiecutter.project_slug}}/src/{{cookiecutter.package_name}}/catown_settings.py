"""Catown's settings: the optional API key that protects its endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .config import ConfigurationError

# A shorter key can be guessed; production refuses one (development and tests may use any).
MIN_PRODUCTION_API_KEY_LENGTH = 16


@dataclass(frozen=True)
class CatownSettings:
    # None: the endpoints are open, as the original API was when no key was configured.
    api_key: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], production: bool) -> CatownSettings:
        api_key = environ.get("API_KEY", "").strip() or None
        if production and api_key is not None and len(api_key) < MIN_PRODUCTION_API_KEY_LENGTH:
            raise ConfigurationError(
                f"API_KEY must have at least {MIN_PRODUCTION_API_KEY_LENGTH} characters in "
                "production; make one with: "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return cls(api_key=api_key)
