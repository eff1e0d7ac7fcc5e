"""Catown's endpoints, at the root paths the original API's clients call."""

from __future__ import annotations

from typing import Any

from dependency_injector.wiring import Provide, inject
from flask import Response, jsonify, request
from flask_smorest import Api

from ...services.catown.results import CatSummary, HouseSummary
from ...services.catown.service import CatownService
from ..blueprint import Blueprint
from ..credentials import secret_matches
from ..schemas.catown import (
    AddCatSchema,
    CatAddedSchema,
    CatSchema,
    CatsQuerySchema,
    HouseCreatedSchema,
    HouseSchema,
    TransferredSchema,
    TransferSchema,
    UnauthorizedSchema,
)
from ..schemas.common import ErrorSchema

API_KEY_HEADER = "Api-Key"
SECURITY_SCHEME = "CatownApiKey"

blueprint = Blueprint(
    "catown",
    __name__,
    description=f"Catown: cats living in houses of four. When the service has an API key, send it "
    f"in the {API_KEY_HEADER} header.",
)

INVALID_REQUEST = "A field is missing, of the wrong type, or not valid (message names which)"
# Request schemas are given as instances: webargs would build a new one from a class on every
# request.


def documented_errors(*errors: tuple[int, str]) -> Any:
    """Document the endpoint's error answers, the API key check among them."""

    def decorate(view: Any) -> Any:
        for status, description in errors:
            view = blueprint.alt_response(status, schema=ErrorSchema, description=description)(view)
        view = blueprint.alt_response(
            401, schema=UnauthorizedSchema, description="The API key is missing or wrong"
        )(view)
        return blueprint.doc(security=[{SECURITY_SCHEME: []}])(view)

    return decorate


@blueprint.before_request
@inject
def require_api_key(api_key: str | None = Provide["catown_api_key"]) -> Response | None:
    """With an API key configured, answer 401 to every request that does not carry it."""
    # Browsers send CORS preflights without custom headers; they must reach flask-cors.
    if api_key is None or request.method == "OPTIONS":
        return None
    if secret_matches(request.headers.get(API_KEY_HEADER), api_key):
        return None
    response = jsonify(error="Unauthorized")
    response.status_code = 401
    return response


@blueprint.route("/houses")
@blueprint.response(200, HouseSchema(many=True))
@documented_errors()
@inject
def list_houses(service: CatownService = Provide["catown_service"]) -> list[HouseSummary]:
    """Every house, fewest cats first."""
    return service.list_houses()


@blueprint.route("/cats")
@blueprint.arguments(CatsQuerySchema(), location="query")
@blueprint.response(200, CatSchema(many=True))
@documented_errors(
    (400, "No such house <id>"),
    (422, INVALID_REQUEST),
)
@inject
def list_cats(
    query: dict[str, Any], service: CatownService = Provide["catown_service"]
) -> list[CatSummary]:
    """The cats living in a house."""
    return service.list_cats(query["house_id"])


@blueprint.route("/add_cat", methods=["POST"])
@blueprint.arguments(AddCatSchema())
@blueprint.response(201, CatAddedSchema)
@documented_errors(
    (400, "No such house with id <id> / Not enough room in house <id> / bad name"),
    (422, INVALID_REQUEST + "; an unknown nature is answered with the valid ones"),
)
@inject
def add_cat(
    payload: dict[str, Any], service: CatownService = Provide["catown_service"]
) -> dict[str, Any]:
    """A new cat moves into a house; if it fills the last house with room, a new one is built."""
    added = service.add_cat(
        payload["name"], payload["birthdate"], payload["nature"], payload["house_id"]
    )
    body: dict[str, Any] = {"id": added.cat_id, "count": added.count}
    if added.new_home_id is not None:
        body["new_home_id"] = added.new_home_id
    return body


@blueprint.route("/create_house", methods=["POST"])
@blueprint.response(201, HouseCreatedSchema)
@documented_errors((400, "There's already a valid house with id <id>"))
@inject
def create_house(service: CatownService = Provide["catown_service"]) -> dict[str, Any]:
    """Build an empty house; only when every house is full."""
    return {"house_id": service.create_house()}


@blueprint.route("/transfer", methods=["POST"])
@blueprint.arguments(TransferSchema())
@blueprint.response(201, TransferredSchema)
@documented_errors(
    (
        400,
        "No such cat with id <id> / No such house with id <id> / Not enough room in <id> House"
        " / the cat already lives there",
    ),
    (422, INVALID_REQUEST),
)
@inject
def transfer(
    payload: dict[str, Any], service: CatownService = Provide["catown_service"]
) -> dict[str, Any]:
    """A cat moves to another house that has room."""
    moved = service.transfer(payload["cat_id"], payload["destiny_id"])
    return {"house_id": moved.house_id, "cat_id": moved.cat_id}


def register_catown(api: Api) -> None:
    """Publish the endpoints and the API key scheme they document."""
    api.spec.components.security_scheme(
        SECURITY_SCHEME, {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}
    )
    api.register_blueprint(blueprint)
