"""Catown's request and response schemas: the JSON contract of the original API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ...domain.models.catown.cat import NAME_MAX_LENGTH
from ...domain.models.catown.nature import Nature

# strptime("%Y-%m-%d"), as the original: clients send 2015-3-7 as well as 2015-03-07.
BIRTHDATE_FORMAT = "%Y-%m-%d"


class LenientSchema(Schema):
    class Meta:
        # The original ignored keys it did not read; existing clients may still send some.
        unknown = EXCLUDE


class HouseSchema(Schema):
    id = fields.UUID(required=True)
    count = fields.Integer(required=True, metadata={"description": "Cats living there (0 to 4)"})
    coex = fields.Float(
        required=True,
        metadata={"description": "Coexistence coefficient: the pair sum over its cats"},
    )


class CatsQuerySchema(LenientSchema):
    house_id = fields.UUID(required=True)


class CatSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    birthdate = fields.Date(required=True, metadata={"example": "2015-03-07"})
    nature = fields.String(
        required=True,
        attribute="nature.label",
        metadata={"example": Nature.LEADER_OF_THE_GANG.label},
    )


class AddCatSchema(LenientSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX_LENGTH))
    birthdate = fields.Date(
        required=True,
        format=BIRTHDATE_FORMAT,
        metadata={"description": "YYYY-MM-DD; 2015-3-7 is read as 2015-03-07"},
    )
    nature = fields.Enum(Nature, required=True)
    house_id = fields.UUID(required=True)


class CatAddedSchema(Schema):
    id = fields.UUID(required=True)
    count = fields.Integer(
        required=True, metadata={"description": "Cats in the house, the new one included"}
    )
    new_home_id = fields.UUID(
        metadata={
            "description": "Only when the cat filled the last house with room: the empty "
            "house built for the next cat"
        }
    )


class HouseCreatedSchema(Schema):
    house_id = fields.UUID(required=True)


class TransferSchema(LenientSchema):
    cat_id = fields.UUID(required=True)
    destiny_id = fields.UUID(required=True, metadata={"description": "The destination house"})


class TransferredSchema(Schema):
    house_id = fields.UUID(required=True, metadata={"description": "The destination house"})
    cat_id = fields.UUID(required=True)


class UnauthorizedSchema(Schema):
    error = fields.String(required=True, metadata={"example": "Unauthorized"})
