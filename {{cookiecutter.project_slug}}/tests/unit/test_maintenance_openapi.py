"""The OpenAPI document shows the maintenance 503 on every operation a window can refuse."""

import unittest
from typing import Any

from flask import Flask
from flask_smorest import Api, Blueprint

from {{ cookiecutter.package_name }}.api.maintenance_openapi import MAINTENANCE_RESPONSE, MaintenanceDocumentation


def document() -> dict[str, Any]:
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    api = Api(app, spec_kwargs={"extra_plugins": [MaintenanceDocumentation()]})
    things = Blueprint("things", __name__, url_prefix="/things")
    health = Blueprint("health", __name__, url_prefix="/health")

    @things.route("", methods=["POST"])
    def create() -> str:
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
