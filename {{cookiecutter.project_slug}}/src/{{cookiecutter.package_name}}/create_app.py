"""The application factory: reads the settings, builds the container and wires every part."""

from __future__ import annotations

from typing import Any

from flask_smorest import Api

from . import __version__
from .api import controllers
from .api.blueprint import require_service_blueprint
from .api.controllers import health, service_context
from .api.input_openapi import InputRulesDocumentation
from .api.maintenance_middleware import MaintenanceMiddleware
from .api.maintenance_openapi import MaintenanceDocumentation
from .api.middleware import install_request_middleware
from .api.schemas.common import ErrorSchema
from .api.swagger_ui import SWAGGER_UI_URL
from .api.swagger_ui import blueprint as swagger_ui_blueprint
from .api.writes import WriteRoutes
from .app import ServiceApp
from .composition import container_class, discover_domains
from .config import Settings
from .cors import configure_cors
from .error_handler import register_error_handlers
from .infrastructure.mappers import start_mappers
from .logging import configure_logging
from .settings_check import read_settings

OPENAPI_SETTINGS = {
    "API_TITLE": "{{ cookiecutter.project_name }}",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": SWAGGER_UI_URL,
}
MAX_REQUEST_BYTES = 1024 * 1024


class ServiceApi(Api):
    """Documents the service's own error shape (not flask-smorest's) as the default error."""

    ERROR_SCHEMA = ErrorSchema

    def register_blueprint(self, blp: Any, **options: Any) -> None:
        require_service_blueprint(blp)  # so that its arguments meet the input rules
        super().register_blueprint(blp, **options)


def create_app(settings: Settings | None = None) -> ServiceApp:
    settings = settings or read_settings()
    configure_logging(settings)
    start_mappers()

    domains = discover_domains()
    container = container_class(domains)(settings=settings)
    container.wire(packages=[controllers])

    app = ServiceApp(__name__)
    app.container = container
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        TESTING=settings.environment == "testing",
        **OPENAPI_SETTINGS,
    )
    install_request_middleware(app)
    cors = configure_cors(app, settings.cors_origins)
    # Outside Flask: a request a maintenance window refuses costs no routing, no database.
    maintenance = container.maintenance_settings()  # production refuses to start without a token
    app.wsgi_app = MaintenanceMiddleware(  # type: ignore[method-assign]
        app.wsgi_app,
        container.maintenance_gate(),
        maintenance.token,
        maintenance.retry_after,
        is_write=WriteRoutes(app),
        cors=cors,
    )

    app.register_blueprint(swagger_ui_blueprint)
    api = ServiceApi(
        app,
        spec_kwargs={"extra_plugins": [MaintenanceDocumentation(), InputRulesDocumentation()]},
    )
    for blueprint in (health.blueprint, service_context.blueprint):
        api.register_blueprint(blueprint)
    for domain in domains:
        domain.register(api, container)
    register_error_handlers(app)
    return app
