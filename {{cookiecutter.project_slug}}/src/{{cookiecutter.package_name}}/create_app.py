"""The application factory: reads the settings, builds the container and wires every part."""

from __future__ import annotations

from flask_smorest import Api

from . import __version__
from .api import controllers
from .api.controllers import health
from .api.middleware import install_request_middleware
from .app import ServiceApp
from .config import Settings
from .cors import configure_cors
from .dependency_container import Container
from .error_handler import register_error_handlers
from .infrastructure.mappers import start_mappers
from .logging import configure_logging

OPENAPI_SETTINGS = {
    "API_TITLE": "{{ cookiecutter.project_name }}",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
}
MAX_REQUEST_BYTES = 1024 * 1024


def create_app(settings: Settings | None = None) -> ServiceApp:
    settings = settings or Settings.from_environment()
    configure_logging(settings)
    start_mappers()

    container = Container(settings=settings)
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
    configure_cors(app, settings)

    api = Api(app)
    for blueprint in (health.blueprint,):
        api.register_blueprint(blueprint)
    register_error_handlers(app)
    return app
