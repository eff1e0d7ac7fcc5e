"""Catown's settings: the optional API key that protects its endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config import (
    MIN_PRODUCTION_SECRET_LENGTH,
    RANDOM_VALUE_COMMAND,
    ConfigurationError,
    is_guessable,
)


@dataclass(frozen=True)
class CatownSettings:
    # None: the endpoints are open, as the original API was when no key was configured.
    api_key: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], production: bool) -> CatownSettings:
        api_key = environ.get("API_KEY", "").strip() or None
        if production and api_key is not None and is_guessable(api_key):
            raise ConfigurationError(
                f"API_KEY must have at least {MIN_PRODUCTION_SECRET_LENGTH} characters in "
                f"production; make one with: {RANDOM_VALUE_COMMAND}"
            )
        return cls(api_key=api_key)
