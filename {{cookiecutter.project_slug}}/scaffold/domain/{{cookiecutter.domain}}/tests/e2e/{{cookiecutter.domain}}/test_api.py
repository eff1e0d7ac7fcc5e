"""{{ cookiecutter.title }} over HTTP: each endpoint, and a JSON 4xx for every bad request."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlalchemy import select

from {{ cookiecutter.package_name }}.infrastructure.mappers.{{ cookiecutter.domain }} import (
    items_table,
)

from ...support.cases import ApiTestCase

ITEMS = "{{ cookiecutter.url_prefix }}/items"


class ItemsApiTestCase(ApiTestCase):
    def create(self, name: str = "Lamp", quantity: int = 3) -> dict[str, Any]:
        response = self.client.post(ITEMS, json={"name": name, "quantity": quantity})
        self.assertEqual(response.status_code, 201, response.get_json())
        body: dict[str, Any] = response.get_json()
        return body

    def rows(self) -> list[tuple[Any, ...]]:
        """Every row the domain keeps, to show that a refused request wrote nothing."""
        with self.engine.connect() as connection:
            found = connection.execute(select(items_table).order_by(items_table.c.id))
            return [tuple(row) for row in found]

    def assert_refused(self, response: Any, status: int, contains: str = "") -> None:
        self.assertEqual(response.status_code, status, response.get_json())
        self.assertEqual(response.content_type, "application/json")
        self.assertIn(contains, response.get_json()["message"])


class CreateAndReadTest(ItemsApiTestCase):
    def test_a_created_item_is_read_back_by_its_id(self) -> None:
        created = self.create("  Lamp ", 3)
        self.assertEqual((created["name"], created["quantity"]), ("Lamp", 3))
        response = self.client.get(f"{ITEMS}/{created['id']}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.get_json(), created)

    def test_the_quantity_may_be_left_out(self) -> None:
        response = self.client.post(ITEMS, json={"name": "Lamp"})
        self.assertEqual(response.status_code, 201, response.get_json())
        self.assertEqual(response.get_json()["quantity"], 0)

    def test_items_are_listed_by_name_a_page_at_a_time(self) -> None:
        for name in ("Desk", "Bed", "Lamp"):
            self.create(name)
        first = self.client.get(ITEMS, query_string={"limit": 2}).get_json()
        rest = self.client.get(ITEMS, query_string={"offset": 2}).get_json()
        self.assertEqual([item["name"] for item in first + rest], ["Bed", "Desk", "Lamp"])

    def test_an_unknown_item_answers_404(self) -> None:
        self.assert_refused(self.client.get(f"{ITEMS}/{uuid4()}"), 404, "No item with id")

    def test_an_id_that_is_not_a_uuid_answers_404(self) -> None:
        self.assert_refused(self.client.get(f"{ITEMS}/lamp"), 404)


class RefusedCreationTest(ItemsApiTestCase):
    def test_invalid_bodies_answer_422_naming_the_field_and_write_nothing(self) -> None:
        bodies = {
            "name": {"quantity": 1},
            "quantity": {"name": "Lamp", "quantity": -1},
            "colour": {"name": "Lamp", "colour": "red"},
        }
        for field, body in bodies.items():
            with self.subTest(body=body):
                response = self.client.post(ITEMS, json=body)
                self.assert_refused(response, 422, field)
                self.assertIn(field, response.get_json()["errors"]["json"])
        for quantity in ("3", 2.5, True):
            with self.subTest(quantity=quantity):
                response = self.client.post(ITEMS, json={"name": "Lamp", "quantity": quantity})
                self.assert_refused(response, 422, "quantity")
        self.assertEqual(self.rows(), [])

    def test_a_body_that_is_not_json_answers_400(self) -> None:
        response = self.client.post(ITEMS, data="name=Lamp", content_type="application/json")
        self.assert_refused(response, 400, "Invalid JSON body")
        self.assertEqual(self.rows(), [])

    def test_a_name_of_only_spaces_answers_400_and_writes_nothing(self) -> None:
        response = self.client.post(ITEMS, json={"name": "   ", "quantity": 1})
        self.assert_refused(response, 400, "name")
        self.assertEqual(self.rows(), [])

    def test_a_bad_page_answers_422(self) -> None:
        for query in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}):
            with self.subTest(query=query):
                self.assert_refused(self.client.get(ITEMS, query_string=query), 422)


class InputRulesTest(ItemsApiTestCase):
    """What no field of any route accepts (the service's input rules): 422, nothing written."""

    def test_values_no_field_accepts_answer_422_naming_the_field(self) -> None:
        bodies = {
            "a NUL character": ('{"name": "La\\u0000mp"}', "name"),
            "a lone surrogate": ('{"name": "\\ud800"}', "name"),
            "a 5,000-digit number": ('{"name": "Lamp", "quantity": ' + "9" * 5000 + "}", "quan"),
            "NaN": ('{"name": "Lamp", "quantity": NaN}', "quantity"),
            "nesting 10,000 deep": ('{"name": ' + "[" * 10_000 + "]" * 10_000 + "}", None),
        }
        for case, (body, field) in bodies.items():
            with self.subTest(case=case):
                response = self.client.post(ITEMS, data=body, content_type="application/json")
                self.assert_refused(response, 422, field or "json")
        self.assertEqual(self.rows(), [])

    def test_an_integer_past_64_bits_answers_422(self) -> None:
        response = self.client.post(ITEMS, json={"name": "Lamp", "quantity": 2**63})
        self.assert_refused(response, 422, "quantity")
        self.assertEqual(self.rows(), [])

    def test_a_path_or_query_argument_with_a_nul_character_answers_422(self) -> None:
        created = self.create()
        before = self.rows()
        self.assert_refused(self.client.get(ITEMS + "?limit=%00"), 422, "limit")
        withdrawals = f"{ITEMS}/{created['id']}/withdrawals"
        response = self.client.post(withdrawals + "?x=%00", json={"amount": 1})
        self.assert_refused(response, 422, "x")
        self.assertEqual(self.rows(), before)


class WithdrawTest(ItemsApiTestCase):
    def withdraw(self, item_id: str, amount: Any) -> Any:
        return self.client.post(f"{ITEMS}/{item_id}/withdrawals", json={"amount": amount})

    def test_withdrawing_lowers_the_stock(self) -> None:
        created = self.create(quantity=3)
        response = self.withdraw(created["id"], 2)
        self.assertEqual(response.status_code, 200, response.get_json())
        self.assertEqual(response.get_json(), {**created, "quantity": 1})

    def test_withdrawing_more_than_is_in_stock_answers_409_and_changes_nothing(self) -> None:
        created = self.create(quantity=1)
        before = self.rows()
        self.assert_refused(self.withdraw(created["id"], 2), 409, "1 in stock")
        self.assertEqual(self.rows(), before)

    def test_a_bad_amount_or_an_unknown_item_is_refused(self) -> None:
        created = self.create(quantity=1)
        before = self.rows()
        self.assert_refused(self.withdraw(created["id"], 0), 422, "amount")
        self.assert_refused(self.withdraw(str(uuid4()), 1), 404, "No item with id")
        self.assertEqual(self.rows(), before)


class DocumentationTest(ItemsApiTestCase):
    def test_the_openapi_document_describes_every_endpoint(self) -> None:
        document = self.client.get("/openapi.json").get_json()
        paths = document["paths"]
        self.assertEqual(set(paths[ITEMS]), {"get", "post"})
        self.assertIn("get", paths[ITEMS + "/{item_id}"])
        self.assertIn("post", paths[ITEMS + "/{item_id}/withdrawals"])
        self.assertIn("422", paths[ITEMS]["post"]["responses"])
        # Named after the domain, so that two domains' schemas never clash.
        self.assertIn("{{ cookiecutter.class_name }}Item", document["components"]["schemas"])
