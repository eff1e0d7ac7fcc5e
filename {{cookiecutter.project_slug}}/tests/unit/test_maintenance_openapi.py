"""The OpenAPI document shows the maintenance 503 on every operation a window can refuse."""

import unittest
from typing import Any

from flask import Flask
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields

from {{ cookiecutter.package_name }}.api.maintenance_openapi import (
    ALWAYS_IN_A_WINDOW,
    MAINTENANCE_RESPONSE,
    MaintenanceDocumentation,
)

WINDOW_SCHEMA = {"$ref": "#/components/schemas/MaintenanceUnavailable"}
UPSTREAM_SCHEMA = {"$ref": "#/components/schemas/UpstreamDown"}


class UpstreamDownSchema(Schema):
    upstream = fields.String(required=True)


def document() -> dict[str, Any]:
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    api = Api(app, spec_kwargs={"extra_plugins": [MaintenanceDocumentation()]})
    api.spec.components.response(
        "UPSTREAM_DOWN",
        {
            "description": "Upstream down",
            "content": {"application/json": {"schema": UpstreamDownSchema}},
        },
    )
    things = Blueprint("things", __name__, url_prefix="/things")
    health = Blueprint("health", __name__, url_prefix="/health")

    @things.route("", methods=["POST"])
    def create() -> str:
        return ""

    @things.route("/upstream")
    @things.alt_response(
        503,
        schema=UpstreamDownSchema,
        description="Upstream down",
        headers={
            "Retry-After": {"description": "When the upstream says", "schema": {"type": "integer"}}
        },
    )
    def upstream() -> str:
        return ""

    @things.route("/referenced")
    @things.alt_response("503", "UPSTREAM_DOWN")
    def referenced() -> str:
        return ""

    @health.route("/live")
    def live() -> str:
        return ""

    api.register_blueprint(things)
    api.register_blueprint(health)
    spec: dict[str, Any] = api.spec.to_dict()
    return spec


class MaintenanceDocumentationTest(unittest.TestCase):
    def test_an_operation_a_window_can_refuse_documents_the_503(self) -> None:
        spec = document()
        response = spec["paths"]["/things"]["post"]["responses"]["503"]
        self.assertEqual(response, {"$ref": f"#/components/responses/{MAINTENANCE_RESPONSE}"})
        headers = spec["components"]["responses"][MAINTENANCE_RESPONSE]["headers"]
        self.assertIn("Retry-After", headers)

    def test_an_exempt_path_does_not(self) -> None:
        self.assertNotIn("503", document()["paths"]["/health/live"]["get"]["responses"])

    def test_an_operation_with_its_own_503_documents_both_answers(self) -> None:
        spec = document()
        window = spec["components"]["responses"][MAINTENANCE_RESPONSE]
        response = spec["paths"]["/things/upstream"]["get"]["responses"]["503"]
        self.assertIn(window["description"], response["description"])
        self.assertIn("Upstream down", response["description"])
        self.assertEqual(
            response["content"]["application/json"]["schema"],
            {"anyOf": [UPSTREAM_SCHEMA, WINDOW_SCHEMA]},
        )
        self.assertEqual(
            response["headers"]["Retry-After"],
            {
                "description": f"When the upstream says; {ALWAYS_IN_A_WINDOW}",
                "schema": {"type": "integer"},
            },
        )
        self.assertLessEqual(
            {"UpstreamDown", "MaintenanceUnavailable"}, set(spec["components"]["schemas"])
        )

    def test_a_503_given_as_a_response_reference_is_combined_too(self) -> None:
        spec = document()
        window = spec["components"]["responses"][MAINTENANCE_RESPONSE]
        response = spec["paths"]["/things/referenced"]["get"]["responses"]["503"]
        self.assertEqual(
            response["content"]["application/json"]["schema"],
            {"anyOf": [UPSTREAM_SCHEMA, WINDOW_SCHEMA]},
        )
        self.assertEqual(response["headers"], window["headers"])
        self.assertNotIn("headers", spec["components"]["responses"]["UPSTREAM_DOWN"], "unchanged")
