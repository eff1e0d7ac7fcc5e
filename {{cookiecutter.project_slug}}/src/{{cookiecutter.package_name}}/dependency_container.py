"""The composition root's container: engine and session factory once, a unit of work per use."""

from dependency_injector import containers, providers

{% if cookiecutter.example_domains in ["all", "catown"] -%}
from .catown_settings import CatownSettings
{% endif -%}
from .config import Settings
from .infrastructure.databases.engine import create_database_engine, create_session_factory
from .infrastructure.databases.maintenance_fence import create_instance_fence
from .infrastructure.databases.readiness import DatabaseReadinessProbe
{%- if cookiecutter.example_domains in ["all", "catown"] %}
from .infrastructure.repositories.catown import SqlAlchemyCatownUnitOfWork, SqlAlchemyCatownViews
{%- endif %}
{%- if cookiecutter.example_domains in ["all", "connected_developers"] %}
from .infrastructure.repositories.connected_developers import (
    SqlAlchemyConnectedDevelopersUnitOfWork,
)
{%- endif %}
from .infrastructure.repositories.maintenance import SqlMaintenanceStateStore
{%- if cookiecutter.example_domains in ["all", "connected_developers"] %}
from .infrastructure.services.connected_developers.backends import (
    github_directory,
    twitter_directory,
)
from .infrastructure.services.connected_developers.settings import ConnectedDevelopersSettings
{%- endif %}
from .maintenance_settings import MaintenanceSettings
{%- if cookiecutter.example_domains in ["all", "catown"] %}
from .services.catown.service import CatownService
{%- endif %}
{%- if cookiecutter.example_domains in ["all", "connected_developers"] %}
from .services.connected_developers.use_cases import ConnectedDevelopersService
{%- endif %}
from .services.health import HealthService
from .services.maintenance import MaintenanceService
from .services.maintenance_gate import MaintenanceGate


class Container(containers.DeclarativeContainer):
    """Engine and session factory are Singletons; a unit of work is a Factory, new for each use."""

    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(
        create_database_engine,
        database_url=settings.provided.database_url,
        pool_size=settings.provided.database_pool_size,
        max_overflow=settings.provided.database_max_overflow,
        connect_timeout=settings.provided.database_connect_timeout,
    )
    session_factory = providers.Singleton(create_session_factory, engine)

    health_service = providers.Factory(
        HealthService,
        probes=providers.List(providers.Factory(DatabaseReadinessProbe, engine=engine)),
    )

    # Maintenance windows: one shared state in the database, one gate per process.
    maintenance_settings = providers.Singleton(
        MaintenanceSettings.from_environment,
        environ=settings.provided.environ,
        production=settings.provided.is_production,
    )
    maintenance_token = maintenance_settings.provided.token
    maintenance_store = providers.Singleton(SqlMaintenanceStateStore, engine=engine)
    maintenance_service = providers.Factory(MaintenanceService, store=maintenance_store)
    maintenance_gate = providers.Singleton(
        MaintenanceGate,
        store=maintenance_store,
        fence=providers.Singleton(create_instance_fence, engine=engine, store=maintenance_store),
        refresh_seconds=maintenance_settings.provided.refresh_seconds,
    )
{%- if cookiecutter.example_domains in ["all", "catown"] %}

    # The optional API key; see .env.example.
    catown_settings = providers.Singleton(
        CatownSettings.from_environment,
        environ=settings.provided.environ,
        production=settings.provided.is_production,
    )
    catown_api_key = catown_settings.provided.api_key
    catown_uow = providers.Factory(SqlAlchemyCatownUnitOfWork, session_factory=session_factory)
    catown_views = providers.Factory(SqlAlchemyCatownViews, engine=engine)
    catown_service = providers.Factory(
        CatownService, uow_factory=catown_uow.provider, views_factory=catown_views.provider
    )
{%- endif %}
{%- if cookiecutter.example_domains in ["all", "connected_developers"] %}

    # The backend (live HTTP or sample data) comes from the environment; see .env.example.
    connected_developers_settings = providers.Singleton(
        ConnectedDevelopersSettings.from_environment,
        environ=settings.provided.environ,
        production=settings.provided.is_production,
    )
    # One HTTP client per upstream and process: its connection pool is shared by every request.
    connected_developers_github = providers.Singleton(
        github_directory, connected_developers_settings
    )
    connected_developers_twitter = providers.Singleton(
        twitter_directory, connected_developers_settings
    )
    connected_developers_unit_of_work = providers.Factory(
        SqlAlchemyConnectedDevelopersUnitOfWork, session_factory=session_factory
    )
    connected_developers_service = providers.Factory(
        ConnectedDevelopersService,
        github=connected_developers_github,
        twitter=connected_developers_twitter,
        unit_of_work_factory=connected_developers_unit_of_work.provider,
    )
{%- endif %}
