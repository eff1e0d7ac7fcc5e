"""Catown's request and response schemas: the JSON contract of the original API."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from ...domain.models.catown.cat import NAME_MAX_LENGTH
from ...domain.models.catown.nature import Nature

# strptime("%Y-%m-%d"), as the original: clients send 2015-3-7 as well as 2015-03-07.
BIRTHDATE_FORMAT = "%Y-%m-%d"


class LenientSchema(Schema):
    class Meta:
        # The original ignored keys it did not read; existing clients may still send some.
        unknown = EXCLUDE


# (key in the output, attribute name, getter, the field's own serializer)
DumpStep = tuple[str, str, Callable[[Any], Any], Callable[..., Any]]


class ResultSchema(Schema):
    """Dumps use-case results (objects that have every declared attribute) by a plan made once.

    Optimisation (the plain way: a marshmallow Schema, as every other schema here): marshmallow
    looks each value up through a general accessor (dicts, dotted paths, missing values) and
    re-reads each field's options every time: listing the town dumps hundreds of values per
    request. The plan fetches each attribute with attrgetter and calls the field's own
    serializer, so the output is the same. Anything it does not cover (dump hooks, fields that
    read no attribute, an object lacking an attribute) takes marshmallow's ordinary path.
    """

    _plan: list[DumpStep] | None

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        many = self.many if many is None else bool(many)
        plan = self._dump_plan()
        if plan is None:
            return super().dump(obj, many=many)
        try:
            if many:
                return [self._dump_one(item, plan) for item in obj]
            return self._dump_one(obj, plan)
        except AttributeError:
            return super().dump(obj, many=many)

    @staticmethod
    def _dump_one(obj: Any, plan: list[DumpStep]) -> dict[str, Any]:
        return {key: serialize(get(obj), name, obj) for key, name, get, serialize in plan}

    def _dump_plan(self) -> list[DumpStep] | None:
        try:
            return self._plan
        except AttributeError:
            pass
        hooks = any(self._hooks.get(hook) for hook in ("pre_dump", "post_dump"))
        covered = all(field._CHECK_ATTRIBUTE for field in self.dump_fields.values())
        self._plan = (
            None
            if hooks or not covered
            else [
                (
                    field.data_key or name,
                    name,
                    attrgetter(field.attribute or name),
                    field._serialize,
                )
                for name, field in self.dump_fields.items()
            ]
        )
        return self._plan


# Ids in results are already their UUID's canonical text: fields.UUID would parse them again.


class HouseSchema(ResultSchema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    count = fields.Integer(required=True, metadata={"description": "Cats living there (0 to 4)"})
    coex = fields.Float(
        required=True,
        metadata={"description": "Coexistence coefficient: the pair sum over its cats"},
    )


class CatsQuerySchema(LenientSchema):
    house_id = fields.UUID(required=True)


class CatSchema(ResultSchema):
    id = fields.String(required=True, metadata={"format": "uuid"})
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
