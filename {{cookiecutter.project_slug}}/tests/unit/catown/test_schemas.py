"""Catown's response schemas: their planned dump gives exactly marshmallow's ordinary dump."""

import unittest
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from marshmallow import Schema, fields, post_dump

from {{ cookiecutter.package_name }}.api.schemas.catown import CatSchema, HouseSchema, ResultSchema
from {{ cookiecutter.package_name }}.domain.models.catown.nature import Nature
from {{ cookiecutter.package_name }}.services.catown.results import CatSummary, HouseSummary


def ordinary_dump(schema: Schema, obj: Any) -> Any:
    """What marshmallow itself answers for the same schema."""
    return Schema.dump(schema, obj)


class ResultSchemaTest(unittest.TestCase):
    def test_houses_dump_as_marshmallow_dumps_them(self) -> None:
        houses = [
            HouseSummary(str(uuid4()), 2, Decimal("0.55")),
            HouseSummary(str(uuid4()), 0, Decimal(0)),
        ]
        schema = HouseSchema(many=True)
        self.assertEqual(schema.dump(houses), ordinary_dump(schema, houses))
        self.assertEqual(
            schema.dump(houses)[0], {"id": str(houses[0].id), "count": 2, "coex": 0.55}
        )

    def test_cats_dump_as_marshmallow_dumps_them(self) -> None:
        cats = [CatSummary(str(uuid4()), "Félix", date(2015, 3, 7), Nature.BUSY_GOSSIP)]
        schema = CatSchema(many=True)
        self.assertEqual(schema.dump(cats), ordinary_dump(schema, cats))
        self.assertEqual(schema.dump(cats)[0]["nature"], "busy gossip")
        self.assertEqual(CatSchema().dump(cats[0]), ordinary_dump(CatSchema(), cats[0]))

    def test_an_object_lacking_an_attribute_takes_the_ordinary_path(self) -> None:
        @dataclass
        class Partial:
            id: Any
            count: int

        partial = Partial(uuid4(), 3)
        schema = HouseSchema()
        self.assertEqual(schema.dump(partial), ordinary_dump(schema, partial))
        self.assertNotIn("coex", schema.dump(partial))

    def test_a_schema_with_a_dump_hook_takes_the_ordinary_path(self) -> None:
        class Hooked(ResultSchema):
            name = fields.String()

            @post_dump
            def shout(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
                return {"name": data["name"].upper()}

        @dataclass
        class Named:
            name: str

        self.assertEqual(Hooked().dump(Named("tom")), {"name": "TOM"})
