"""Catown joined to the service: its settings, units of work, views, service and endpoints."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers
from flask_smorest import Api

from ...api.controllers.catown import register_catown
from ...dependency_container import Container
from ...infrastructure.repositories.catown import SqlAlchemyCatownUnitOfWork, SqlAlchemyCatownViews
from ...services.catown.service import CatownService
from .. import Domain
from .settings import CatownSettings


def catown_providers() -> dict[str, providers.Provider[Any]]:
    settings = providers.Singleton(
        CatownSettings.from_environment,
        environ=Container.settings.provided.environ,
        production=Container.settings.provided.is_production,
    )
    unit_of_work = providers.Factory(
        SqlAlchemyCatownUnitOfWork, session_factory=Container.session_factory
    )
    # Listings read through views on a plain connection: no unit of work for what writes nothing.
    views = providers.Factory(SqlAlchemyCatownViews, engine=Container.engine)
    return {
        "catown_settings": settings,
        "catown_api_key": settings.provided.api_key,  # None: the endpoints are open
        "catown_service": providers.Factory(
            CatownService, uow_factory=unit_of_work.provider, views_factory=views.provider
        ),
    }


def register(api: Api, container: Container) -> None:
    container.catown_settings()  # a bad API_KEY stops the start, not the first request
    register_catown(api)


DOMAIN = Domain(name="catown", providers=catown_providers, register=register)
