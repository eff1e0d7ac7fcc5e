"""Catown's settings: the optional API key that protects its endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config import MIN_PRODUCTION_SECRET_LENGTH, ConfigurationError
from ...secret_strength import secret_problem


@dataclass(frozen=True)
class CatownSettings:
    # None: the endpoints are open, as the original API was when no key was configured.
    api_key: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], production: bool) -> CatownSettings:
        api_key = environ.get("API_KEY", "").strip() or None
        if production and api_key is not None:
            problem = secret_problem("API_KEY", api_key, MIN_PRODUCTION_SECRET_LENGTH)
            if problem is not None:
                raise ConfigurationError(problem)
        return cls(api_key=api_key)
