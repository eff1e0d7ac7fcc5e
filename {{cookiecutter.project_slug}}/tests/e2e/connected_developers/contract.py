"""OpenAPI documents as validators of this service's answers, with their $refs resolved."""

from __future__ import annotations

import re
import unittest
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from flask.testing import FlaskClient
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from werkzeug.test import TestResponse

# The original challenge's contract, copied unchanged.
CONTRACT_FILE = Path(__file__).with_name("connected_developers.openapi.yaml")
# Its two paths, as both documents name them.
REALTIME = "/connected/realtime/{dev1}/{dev2}"
REGISTER = "/connected/register/{dev1}/{dev2}"

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    """RFC 3339, as OpenAPI's date-time means (jsonschema checks it only with extra packages)."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


def _pointer(*tokens: str) -> str:
    escaped = (token.replace("~", "~0").replace("/", "~1") for token in tokens)
    return quote("/" + "/".join(escaped), safe="/~")


class OpenApiDocument:
    """One OpenAPI 3.0 document; its schemas are JSON Schema close enough to draft 4."""

    def __init__(self, document: dict[str, Any], uri: str) -> None:
        self.document = document
        self.uri = uri
        resource = Resource.from_contents(document, default_specification=DRAFT4)
        self._registry: Registry[Any] = Registry().with_resource(uri, resource)

    def responses(self, path: str, method: str = "get") -> dict[str, Any]:
        responses: dict[str, Any] = self.document["paths"][path][method]["responses"]
        return responses

    def validator(self, path: str, status: int, method: str = "get") -> Draft4Validator | None:
        """The body's validator, or None when the document says the answer has no content."""
        tokens = ["paths", path, method, "responses", str(status)]
        response = self.responses(path, method)[str(status)]
        if "$ref" in response:
            # A response kept in components/responses: '#/components/responses/NAME'.
            tokens = response["$ref"].removeprefix("#/").split("/")
            response = self.document["components"]["responses"][tokens[-1]]
        if "content" not in response:
            return None
        pointer = _pointer(*tokens, "content", "application/json", "schema")
        return Draft4Validator(
            {"$ref": f"{self.uri}#{pointer}"}, registry=self._registry, format_checker=FORMATS
        )

    def assert_conforms(
        self, test: unittest.TestCase, path: str, response: TestResponse, method: str = "get"
    ) -> None:
        """The status is one the document names, and the body is what it describes."""
        test.assertIn(str(response.status_code), self.responses(path, method), response.data)
        validator = self.validator(path, response.status_code, method)
        if validator is None:
            test.assertEqual(response.data, b"", "the document gives this answer no content")
            return
        test.assertEqual(response.mimetype, "application/json")
        errors = [error.message for error in validator.iter_errors(response.get_json())]
        test.assertEqual(errors, [], f"{response.status_code} {response.data!r}")


@cache
def original_contract() -> OpenApiDocument:
    return OpenApiDocument(yaml.safe_load(CONTRACT_FILE.read_text()), "urn:connected-developers")


def own_document(client: FlaskClient) -> OpenApiDocument:
    """The OpenAPI document this service generates."""
    return OpenApiDocument(client.get("/openapi.json").get_json(), "urn:this-service")
