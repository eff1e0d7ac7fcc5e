"""Swagger UI for /docs from the service itself: the assets of the pinned flask-swagger-ui."""

from __future__ import annotations

from importlib.resources import files

from flask import Blueprint, Response, jsonify, url_for

# Swagger UI's JavaScript and CSS (and their licence) as the package ships them: the docs page
# needs no other host, so it works offline and behind a strict proxy.
ASSETS_FOLDER = str(files("flask_swagger_ui") / "dist")
# flask-smorest's /docs page loads swagger-ui-bundle.js and swagger-ui.css from this path.
SWAGGER_UI_URL = "/docs/swagger-ui/"

blueprint = Blueprint(
    "swagger_ui",
    __name__,
    static_folder=ASSETS_FOLDER,
    static_url_path=SWAGGER_UI_URL.rstrip("/"),
)


@blueprint.get("/docs/")
def docs_with_trailing_slash() -> Response:
    """A permanent redirect to /docs, with a JSON body like every other answer."""
    location = url_for("api-docs.openapi_swagger_ui")
    response = jsonify(message=f"The documentation is at {location}.")
    response.status_code = 308
    response.headers["Location"] = location
    return response
