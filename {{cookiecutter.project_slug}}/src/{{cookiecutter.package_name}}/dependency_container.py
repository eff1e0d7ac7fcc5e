"""The composition root's container: engine and session factory once, a unit of work per use.

It holds what the service itself needs; each domain adds its own providers at start (see
``composition``).
"""

from dependency_injector import containers, providers

from .config import MIGRATIONS_FOLDER, Settings
from .infrastructure.databases.engine import create_database_engine, create_session_factory
from .infrastructure.databases.maintenance_fence import create_instance_fence
from .infrastructure.databases.readiness import (
    DatabaseReadinessProbe,
    MigrationsReadinessProbe,
)
from .infrastructure.repositories.maintenance import SqlMaintenanceStateStore
from .maintenance_settings import MaintenanceSettings
from .services.health import HealthService
from .services.maintenance import MaintenanceService
from .services.maintenance_gate import MaintenanceGate
from .shutdown import ServingProbe


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
        probes=providers.List(
            providers.Factory(DatabaseReadinessProbe, engine=engine),
            # A Singleton: it reads the migrations folder once.
            providers.Singleton(
                MigrationsReadinessProbe, engine=engine, migrations_dir=MIGRATIONS_FOLDER
            ),
            providers.Factory(ServingProbe),
        ),
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
        fence=providers.Singleton(
            create_instance_fence,
            session_url=settings.provided.session_database_url,
            store=maintenance_store,
            connect_timeout=settings.provided.database_connect_timeout,
        ),
        refresh_seconds=maintenance_settings.provided.refresh_seconds,
    )
