"""Every route refuses what no field accepts: a JSON 4xx naming the field, and nothing written.

The routes are read from the application itself, so a route added later is checked too.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote
from uuid import uuid4

from flask import Flask
from flask_smorest import Blueprint as PlainBlueprint
from marshmallow import Schema, fields
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.api.blueprint import Blueprint
from {{ cookiecutter.package_name }}.api.input_rules import MAX_JSON_DEPTH
from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.create_app import OPENAPI_SETTINGS, ServiceApi
from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.mappers import mapper_modules

from ..support.cases import ApiTestCase, testing_settings

TOKEN = "operator-token-for-the-tests"
# Sent with every request, so that no route refuses it for want of a credential first.
CREDENTIALS = {"Authorization": f"Bearer {TOKEN}", "Api-Key": "an-api-key-for-the-tests"}
NOT_ROUTES = ("static", "api-docs.openapi_json", "api-docs.openapi_swagger_ui")
FIELD = "field"
# <dev1>, <string:dev1>, <int(min=1):page>: the converter's name, the argument's name.
ARGUMENT = re.compile(r"<(?:([a-z_]+)(?:\([^)]*\))?:)?([a-z_0-9]+)>", re.IGNORECASE)

# (what, JSON text, the field the answer names; None: the body as a whole)
BAD_BODIES: list[tuple[str, str, str | None]] = [
    ("a NUL character", '{"field": "a\\u0000b"}', FIELD),
    ("a lone surrogate", '{"field": "\\ud800"}', FIELD),
    ("a NUL character in a key", '{"fi\\u0000eld": 1}', "fi\\x00eld"),
    ("a 5,000-digit integer", '{"field": ' + "9" * 5000 + "}", FIELD),
    ("a number of 101 digits", '{"field": ' + "1" * 101 + "}", FIELD),
    ("NaN", '{"field": NaN}', FIELD),
    ("a number too large for a float", '{"field": 1e400}', FIELD),
    ("nesting past the limit", '{"field": ' + "[" * 40 + "]" * 40 + "}", FIELD),
    ("nesting 10,000 deep", '{"field": ' + "[" * 10_000 + "]" * 10_000 + "}", None),
    ("a NUL deep inside", '{"field": [{"inner": "\\u0000"}]}', FIELD),
]
BAD_ARGUMENTS: list[tuple[str, str]] = [
    ("a NUL character", "a%00b"),
    ("a NUL character alone", "%00"),
]


def arguments(rule: Rule) -> dict[str, str]:
    """Each argument of the rule, with its converter's name ("string" when the rule names none)."""
    return {name: converter or "string" for converter, name in ARGUMENT.findall(rule.rule)}


def sample_argument(converter: str) -> str:
    """A value the converter accepts."""
    return {"uuid": str(uuid4()), "int": "1"}.get(converter, "dev")


def service_api(app: Flask) -> ServiceApi:
    """The Api create_app made: more blueprints can be registered on it."""
    api: ServiceApi = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return api


class InputRulesTestCase(ApiTestCase):
    @classmethod
    def settings(cls) -> Settings:
        return testing_settings(MAINTENANCE_TOKEN=TOKEN, API_KEY=CREDENTIALS["Api-Key"])

    def everything_stored(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, to prove a refused request wrote nothing."""
        mapper_modules()
        with self.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        table.select().order_by(*table.primary_key.columns)
                    )
                ]
                for table in metadata.sorted_tables
            }

    def assert_refused_naming(
        self, response: TestResponse, location: str, field: str | None, status: int = 422
    ) -> None:
        self.assertEqual(response.status_code, status, response.get_data(as_text=True)[:300])
        self.assertEqual(response.mimetype, "application/json")
        body = response.get_json()
        self.assertIn("request_id", body)
        errors = body["errors"][location]
        if field is None:
            self.assertIsInstance(errors, list)
        else:
            self.assertIn(field, errors)
            self.assertIn(field, body["message"])


class EveryRouteTest(InputRulesTestCase):
    routes: ClassVar[list[tuple[Rule, str]]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.routes = [
            (rule, method)
            for rule in cls.app.url_map.iter_rules()
            if rule.endpoint not in NOT_ROUTES
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        ]

    def path(self, rule: Rule, bad: dict[str, str] | None = None) -> str:
        values = {name: sample_argument(converter) for name, converter in arguments(rule).items()}
        values.update(bad or {})
        return ARGUMENT.sub(lambda found: values[found.group(2)], rule.rule)

    def test_the_application_has_routes_to_check(self) -> None:
        self.assertGreaterEqual(len(self.routes), 3, [str(rule) for rule, _ in self.routes])

    def test_every_route_refuses_a_json_body_no_field_accepts(self) -> None:
        before = self.everything_stored()
        for rule, method in self.routes:
            for what, body, field in BAD_BODIES:
                with self.subTest(route=rule.rule, method=method, body=what):
                    response = self.client.open(
                        self.path(rule),
                        method=method,
                        data=body,
                        content_type="application/json",
                        headers=CREDENTIALS,
                    )
                    self.assert_refused_naming(response, "json", field)
        self.assertEqual(self.everything_stored(), before)

    def test_every_route_refuses_a_query_argument_no_field_accepts(self) -> None:
        before = self.everything_stored()
        for rule, method in self.routes:
            for what, value in BAD_ARGUMENTS:
                with self.subTest(route=rule.rule, method=method, argument=what):
                    response = self.client.open(
                        f"{self.path(rule)}?{FIELD}={value}", method=method, headers=CREDENTIALS
                    )
                    self.assert_refused_naming(response, "query", FIELD)
        self.assertEqual(self.everything_stored(), before)

    def test_every_path_argument_refuses_a_value_no_field_accepts(self) -> None:
        before = self.everything_stored()
        for rule, method in self.routes:
            for name, converter in arguments(rule).items():
                for what, value in BAD_ARGUMENTS:
                    with self.subTest(route=rule.rule, method=method, argument=name, value=what):
                        response = self.client.open(
                            self.path(rule, {name: value}), method=method, headers=CREDENTIALS
                        )
                        if converter in ("string", "path", "default"):
                            self.assert_refused_naming(response, "path", name)
                        else:  # a typed argument (a UUID, a number) does not match: no route
                            self.assertEqual(response.status_code, 404)
                            self.assertIn("message", response.get_json())
        self.assertEqual(self.everything_stored(), before)


class When(Schema):
    at = fields.AwareDateTime(required=True)
    starts_at = fields.AwareDateTime(data_key="startsAt")
    count = fields.Integer()


class LoadedValuesTest(InputRulesTestCase):
    """What a schema loads is checked too, on any route of the service's Blueprint."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        blueprint = Blueprint("when", __name__, url_prefix="/probe/when")

        @blueprint.route("", methods=["POST"])
        @blueprint.arguments(When())
        def in_the_body(when: dict[str, Any]) -> dict[str, Any]:
            return {"at": when["at"].isoformat()}

        @blueprint.route("", methods=["GET"])
        @blueprint.arguments(When(), location="query")
        def in_the_query(when: dict[str, Any]) -> dict[str, Any]:
            return {"at": when["at"].isoformat()}

        @blueprint.route("/<int:number>")
        def numbered(number: int) -> dict[str, Any]:
            return {"number": number}

        service_api(cls.app).register_blueprint(blueprint)

    def test_a_moment_past_year_9999_in_utc_answers_422_naming_the_field(self) -> None:
        late = "9999-12-31T23:59:59-01:00"  # year 10000 in UTC
        early = "0001-01-01T00:00:00+01:00"  # year 0 in UTC
        for value in (late, early):
            with self.subTest(value=value):
                self.assert_refused_naming(
                    self.client.post("/probe/when", json={"at": value}), "json", "at"
                )
                self.assert_refused_naming(
                    self.client.get(f"/probe/when?at={quote(value)}"), "query", "at"
                )
        response = self.client.post("/probe/when", json={"at": late.replace("-01:00", "+00:00")})
        self.assertEqual(response.status_code, 200)

    def test_a_field_is_named_as_the_client_sent_it(self) -> None:
        body = {"at": "2030-01-01T00:00:00Z", "startsAt": "9999-12-31T23:00:00-05:00"}
        self.assert_refused_naming(self.client.post("/probe/when", json=body), "json", "startsAt")

    def test_an_integer_past_64_bits_answers_422(self) -> None:
        response = self.client.get("/probe/when?at=2030-01-01T00:00:00Z&count=" + "9" * 30)
        self.assert_refused_naming(response, "query", "count")
        body = {"at": "2030-01-01T00:00:00Z", "count": 2**63}
        self.assert_refused_naming(self.client.post("/probe/when", json=body), "json", "count")
        body["count"] = 2**63 - 1
        self.assertEqual(self.client.post("/probe/when", json=body).status_code, 200)

    def test_a_path_integer_past_64_bits_answers_422(self) -> None:
        self.assert_refused_naming(self.client.get(f"/probe/when/{2**63}"), "path", "number")
        self.assertEqual(self.client.get(f"/probe/when/{2**63 - 1}").status_code, 200)

    def test_an_integer_past_64_bits_in_a_field_no_schema_reads_passes(self) -> None:
        body = {"at": "2030-01-01T00:00:00Z", "ignored": {"deep": [2**80]}}
        response = self.client.get("/probe/when?at=2030-01-01T00:00:00Z", json=body)
        self.assertEqual(response.status_code, 200)


class PlainBlueprintTest(InputRulesTestCase):
    def test_the_service_refuses_a_blueprint_that_would_skip_its_parser(self) -> None:
        app = Flask(__name__)
        app.config.update(OPENAPI_SETTINGS)
        plain = PlainBlueprint("plain", __name__, url_prefix="/plain")
        with self.assertRaisesRegex(TypeError, "input rules"):
            ServiceApi(app).register_blueprint(plain)


class DepthTest(InputRulesTestCase):
    def nested(self, levels: int) -> TestResponse:
        """A body of that many levels: the object holding "field" is the first."""
        inner = levels - 1
        body = '{"field": ' + "[" * inner + "]" * inner + "}"
        return self.client.patch(
            "/v1/service-context", data=body, content_type="application/json", headers=CREDENTIALS
        )

    def test_nesting_up_to_the_limit_passes_the_rules(self) -> None:
        response = self.nested(MAX_JSON_DEPTH)
        # Past the rules, the schema answers: "maintenance" is missing, "field" unknown.
        self.assertEqual(response.status_code, 422)
        self.assertIn("maintenance", response.get_json()["errors"]["json"])

    def test_one_level_more_is_refused_naming_the_outermost_field(self) -> None:
        response = self.nested(MAX_JSON_DEPTH + 1)
        self.assert_refused_naming(response, "json", FIELD)
        self.assertEqual(
            response.get_json()["errors"]["json"],
            {FIELD: [f"Nests deeper than {MAX_JSON_DEPTH} levels."]},
        )
