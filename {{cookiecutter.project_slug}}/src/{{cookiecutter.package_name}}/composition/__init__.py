"""Domains joined to the service: each module here brings one domain, found at start.

A domain module defines ``DOMAIN``, a :class:`Domain`. The app factory builds the container from
the service's own providers and every domain's, and registers each domain's endpoints after the
service's own, so adding or removing a domain edits no file outside it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dependency_injector import providers
from flask_smorest import Api

from ..dependency_container import Container


@dataclass(frozen=True)
class Domain:
    """What one domain brings: providers for the container, endpoints for the API."""

    name: str
    # The domain's providers, each named after the domain; they build on the service's own
    # providers, the class attributes of Container.
    providers: Callable[[], Mapping[str, providers.Provider[Any]]]
    # Checks the domain's settings (a bad one stops the start, not the first request) and
    # registers its blueprints on the API.
    register: Callable[[Api, Container], None]


def container_class(domains: list[Domain]) -> type[Container]:
    """The service's container class with every domain's providers declared on it."""
    declared = {
        name: provider for domain in domains for name, provider in domain.providers().items()
    }
    return type("ServiceContainer", (Container,), declared)


def discover_domains() -> list[Domain]:
    """Every domain module present, in name order."""
    domains = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        domain = importlib.import_module(f"{__name__}.{module.name}").DOMAIN
        if not isinstance(domain, Domain):
            raise TypeError(f"{__name__}.{module.name}.DOMAIN is not a Domain")
        domains.append(domain)
    return domains
