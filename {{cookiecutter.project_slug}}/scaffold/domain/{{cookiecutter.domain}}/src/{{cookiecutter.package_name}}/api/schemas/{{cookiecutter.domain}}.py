"""{{ cookiecutter.title }}'s request and response schemas: its endpoints' JSON contract."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain.models.{{ cookiecutter.domain }}.item import NAME_MAX_LENGTH

MAX_PAGE_SIZE = 100

# OpenAPI names each schema after its class, in a namespace shared by every domain: so each class
# name starts with the domain's.
#
# Request schemas refuse unknown keys (marshmallow's default): a misspelt field gets a 422 that
# names it, not silence. Integers are strict: "3" and 3.5 are not 3.


class {{ cookiecutter.class_name }}NewItemSchema(Schema):
    name = fields.String(
        required=True,
        validate=validate.Length(min=1, max=NAME_MAX_LENGTH),
        metadata={"description": "Surrounding spaces are removed; it may not be only spaces"},
    )
    quantity = fields.Integer(
        strict=True,
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "How many are in stock"},
    )


class {{ cookiecutter.class_name }}WithdrawalSchema(Schema):
    amount = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class {{ cookiecutter.class_name }}PageQuerySchema(Schema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


class {{ cookiecutter.class_name }}ItemSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    quantity = fields.Integer(required=True, metadata={"description": "How many are in stock"})
