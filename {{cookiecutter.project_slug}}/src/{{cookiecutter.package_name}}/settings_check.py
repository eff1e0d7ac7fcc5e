"""Every setting read at once, before the service starts: one error names every problem."""

from __future__ import annotations

import os
from collections.abc import Mapping

from dependency_injector import providers

from .composition import container_class, discover_domains
from .config import ConfigurationError, Problems, Settings, app_environment
from .dependency_container import Container

HEADER = "The service cannot start. Fix these settings (see .env.example):"


def part_settings(container: Container) -> list[providers.Provider[object]]:
    """The settings of each part the container builds: Singletons of a from_environment reader."""
    return [
        provider
        for provider in container.providers.values()
        if isinstance(provider, providers.Singleton)
        and getattr(provider.provides, "__name__", "") == "from_environment"
    ]


def read_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The service's settings, once every part has read its own from the same environment.

    Raises one ConfigurationError with a line for each missing or bad setting of any part.
    """
    env = os.environ if environ is None else environ
    problems = Problems()
    try:
        settings = Settings.from_environment(env)
    except ConfigurationError as error:
        problems.lines.extend(error.problems)
        # The parts only need the environment and whether it is production.
        settings = Settings(environment=app_environment(env), environ=dict(env))
    container = container_class(discover_domains())(settings=settings)
    for provider in part_settings(container):
        problems.read(provider, None)
    problems.raise_if_any()
    return settings


def report(error: ConfigurationError) -> str:
    """The message an operator reads when the service refuses to start."""
    return "\n".join((HEADER, *(f"- {problem}" for problem in error.problems)))
