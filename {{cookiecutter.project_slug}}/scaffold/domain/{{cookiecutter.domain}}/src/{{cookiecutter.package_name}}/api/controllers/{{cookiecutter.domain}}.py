"""{{ cookiecutter.title }}'s endpoints: create an item, read one, list them, withdraw stock."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dependency_injector.wiring import Provide, inject

from ...domain.models.{{ cookiecutter.domain }}.item import Item
from ...services.{{ cookiecutter.domain }}.service import ItemService
from ..blueprint import Blueprint
from ..schemas import common
from ..schemas.{{ cookiecutter.domain }} import (
    {{ cookiecutter.class_name }}ItemSchema,
    {{ cookiecutter.class_name }}NewItemSchema,
    {{ cookiecutter.class_name }}PageQuerySchema,
    {{ cookiecutter.class_name }}WithdrawalSchema,
)

blueprint = Blueprint(
    "{{ cookiecutter.domain }}",
    __name__,
    url_prefix="{{ cookiecutter.url_prefix }}",
    description="{{ cookiecutter.title }}: items kept in stock.",
)

NOT_JSON = "The body is not JSON"
STOCK_LOWERED = "The item, its stock lowered"
INVALID_REQUEST = "A field is missing, unknown, of the wrong type or out of range (named)"
NO_SUCH_ITEM = "No item has this id"
NOT_ENOUGH_IN_STOCK = "Fewer are in stock than asked: nothing is taken"
# The container's provider of the use cases (see composition).
SERVICE = "{{ cookiecutter.domain }}_service"
# Request schemas are given as instances: webargs would build a new one from a class on every
# request.


@blueprint.route("/items", methods=["POST"])
@blueprint.arguments({{ cookiecutter.class_name }}NewItemSchema())
@blueprint.response(201, {{ cookiecutter.class_name }}ItemSchema, description="The item created")
@blueprint.alt_response(400, schema=common.ErrorSchema, description=NOT_JSON + ", or a blank name")
@blueprint.alt_response(422, schema=common.ErrorSchema, description=INVALID_REQUEST)
@inject
def create_item(payload: dict[str, Any], service: ItemService = Provide[SERVICE]) -> Item:
    """Create an item."""
    return service.create_item(payload["name"], payload["quantity"])


@blueprint.route("/items", methods=["GET"])
@blueprint.arguments({{ cookiecutter.class_name }}PageQuerySchema(), location="query")
@blueprint.response(200, {{ cookiecutter.class_name }}ItemSchema(many=True))
@blueprint.alt_response(422, schema=common.ErrorSchema, description=INVALID_REQUEST)
@inject
def list_items(query: dict[str, Any], service: ItemService = Provide[SERVICE]) -> list[Item]:
    """A page of the items, by name."""
    return service.list_items(query["offset"], query["limit"])


@blueprint.route("/items/<uuid:item_id>", methods=["GET"])
@blueprint.response(200, {{ cookiecutter.class_name }}ItemSchema)
@blueprint.alt_response(404, schema=common.ErrorSchema, description=NO_SUCH_ITEM)
@inject
def get_item(item_id: UUID, service: ItemService = Provide[SERVICE]) -> Item:
    """One item."""
    return service.get_item(item_id)


@blueprint.route("/items/<uuid:item_id>/withdrawals", methods=["POST"])
@blueprint.arguments({{ cookiecutter.class_name }}WithdrawalSchema())
@blueprint.response(200, {{ cookiecutter.class_name }}ItemSchema, description=STOCK_LOWERED)
@blueprint.alt_response(400, schema=common.ErrorSchema, description=NOT_JSON)
@blueprint.alt_response(404, schema=common.ErrorSchema, description=NO_SUCH_ITEM)
@blueprint.alt_response(409, schema=common.ErrorSchema, description=NOT_ENOUGH_IN_STOCK)
@blueprint.alt_response(422, schema=common.ErrorSchema, description=INVALID_REQUEST)
@inject
def withdraw(
    payload: dict[str, Any],
    item_id: UUID,
    service: ItemService = Provide[SERVICE],
) -> Item:
    """Take some of an item out of stock."""
    return service.withdraw(item_id, payload["amount"])
