"""{{ cookiecutter.title }} joined to the service: its unit of work, use cases and endpoints."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers
from flask_smorest import Api

from ..api.controllers.{{ cookiecutter.domain }} import SERVICE, blueprint
from ..dependency_container import Container
from ..infrastructure.repositories.{{ cookiecutter.domain }} import SqlAlchemyItemUnitOfWork
from ..services.{{ cookiecutter.domain }}.service import ItemService
from . import Domain


def {{ cookiecutter.domain }}_providers() -> dict[str, providers.Provider[Any]]:
    # Every provider is named after the domain; each use of the service gets a new unit of work.
    unit_of_work = providers.Factory(
        SqlAlchemyItemUnitOfWork, session_factory=Container.session_factory
    )
    service = providers.Factory(ItemService, uow_factory=unit_of_work.provider)
    return {SERVICE: service}


def register(api: Api, container: Container) -> None:
    # A domain with settings checks them here first, so a bad one stops the start.
    api.register_blueprint(blueprint)


DOMAIN = Domain(
    name="{{ cookiecutter.domain }}",
    providers={{ cookiecutter.domain }}_providers,
    register=register,
)
