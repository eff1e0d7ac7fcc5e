"""Connected developers joined to the service: its backend settings, upstreams and endpoints."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers
from flask_smorest import Api

from ..api.controllers.connected_developers import blueprint
from ..dependency_container import Container
from ..infrastructure.repositories.connected_developers import (
    SqlAlchemyConnectedDevelopersUnitOfWork,
)
from ..infrastructure.services.connected_developers.backends import (
    github_directory,
    twitter_directory,
)
from ..infrastructure.services.connected_developers.settings import ConnectedDevelopersSettings
from ..services.connected_developers.use_cases import ConnectedDevelopersService
from . import Domain


def connected_developers_providers() -> dict[str, providers.Provider[Any]]:
    # The backend (live HTTP or sample data) comes from the environment.
    settings = providers.Singleton(
        ConnectedDevelopersSettings.from_environment,
        environ=Container.settings.provided.environ,
        production=Container.settings.provided.is_production,
    )
    unit_of_work = providers.Factory(
        SqlAlchemyConnectedDevelopersUnitOfWork, session_factory=Container.session_factory
    )
    # One HTTP client per upstream and process: its connection pool serves every request.
    github = providers.Singleton(github_directory, settings)
    twitter = providers.Singleton(twitter_directory, settings)
    return {
        "connected_developers_settings": settings,
        "connected_developers_github": github,
        "connected_developers_twitter": twitter,
        "connected_developers_service": providers.Factory(
            ConnectedDevelopersService,
            github=github,
            twitter=twitter,
            unit_of_work_factory=unit_of_work.provider,
        ),
    }


def register(api: Api, container: Container) -> None:
    # The service now, settings first: it refuses to start when the backend lacks what it needs,
    # and a worker's first check finds the HTTP clients and look-up threads ready.
    container.connected_developers_service().prepare()
    api.register_blueprint(blueprint)


DOMAIN = Domain(
    name="connected_developers", providers=connected_developers_providers, register=register
)
