"""The composition root's container: engine and session factory once, a unit of work per use."""

from dependency_injector import containers, providers

from .config import Settings
from .infrastructure.databases.engine import create_database_engine, create_session_factory
from .infrastructure.databases.readiness import DatabaseReadinessProbe
from .services.health import HealthService


class Container(containers.DeclarativeContainer):
    """Engine and session factory are Singletons; a unit of work is a Factory, new for each use."""

    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(
        create_database_engine,
        database_url=settings.provided.database_url,
        pool_size=settings.provided.database_pool_size,
        max_overflow=settings.provided.database_max_overflow,
    )
    session_factory = providers.Singleton(create_session_factory, engine)

    health_service = providers.Factory(
        HealthService,
        probes=providers.List(providers.Factory(DatabaseReadinessProbe, engine=engine)),
    )
