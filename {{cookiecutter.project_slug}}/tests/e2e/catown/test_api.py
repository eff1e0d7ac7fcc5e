"""Catown over HTTP: the JSON contract of the original API, and a JSON 4xx for every bad input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

from sqlalchemy import text
from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.config import Settings

from ...support.cases import ApiTestCase, testing_settings

LEADER, NINJA, PARTY, GOSSIP = (
    "LEADER_OF_THE_GANG",
    "NINJA_INVESTIGATOR",
    "PARTY_GOING",
    "BUSY_GOSSIP",
)


def days_from_now(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).date().isoformat()


def cat_body(
    house_id: str, nature: str = PARTY, name: str = "Tom", birthdate: str = "2015-03-07"
) -> dict[str, Any]:
    """The JSON body of an add_cat request."""
    return {"name": name, "birthdate": birthdate, "nature": nature, "house_id": house_id}


class CatownApiTestCase(ApiTestCase):
    def create_house(self) -> str:
        response = self.client.post("/create_house")
        self.assertEqual(response.status_code, 201, response.get_json())
        house_id: str = response.get_json()["house_id"]
        return house_id

    def add_cat(self, house_id: str, nature: str = NINJA, name: str = "Tom") -> dict[str, Any]:
        response = self.client.post("/add_cat", json=cat_body(house_id, nature, name))
        self.assertEqual(response.status_code, 201, response.get_json())
        body: dict[str, Any] = response.get_json()
        return body

    def full_house(self) -> tuple[str, str]:
        """A full house, and the empty house its fourth cat had built."""
        house_id = self.create_house()
        for nature in (LEADER, NINJA, PARTY):
            self.add_cat(house_id, nature)
        return house_id, self.add_cat(house_id, GOSSIP)["new_home_id"]

    def town(self) -> list[tuple[Any, ...]]:
        """Every row Catown keeps, to prove a refused request wrote nothing."""
        with self.engine.connect() as connection:
            houses = connection.execute(text("SELECT id FROM catown_houses ORDER BY id"))
            cats = connection.execute(text("SELECT * FROM catown_cats ORDER BY id"))
            return [tuple(row) for row in [*houses.all(), *cats.all()]]

    def transfer(self, cat_id: str, destiny_id: str) -> TestResponse:
        return self.client.post("/transfer", json={"cat_id": cat_id, "destiny_id": destiny_id})

    @contextmanager
    def writes_nothing(self) -> Iterator[None]:
        """The requests of the block leave every row of the town as they found it."""
        before = self.town()
        yield
        self.assertEqual(self.town(), before)

    def assert_refused(
        self, response: Any, status: int, message: str | None = None, contains: str = ""
    ) -> None:
        self.assertEqual(response.status_code, status, response.get_json())
        body = response.get_json()
        self.assertIsInstance(body["message"], str)
        if message is not None:
            self.assertEqual(body["message"], message)
        self.assertIn(contains, body["message"])


class HousesTest(CatownApiTestCase):
    def test_an_empty_town_has_no_houses(self) -> None:
        response = self.client.get("/houses")
        self.assertEqual((response.status_code, response.get_json()), (200, []))

    def test_houses_come_fewest_cats_first_with_count_and_coex(self) -> None:
        full, empty = self.full_house()
        response = self.client.get("/houses")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.get_json(),
            [{"id": empty, "count": 0, "coex": 0.0}, {"id": full, "count": 4, "coex": 2.05}],
        )


class CatsTest(CatownApiTestCase):
    def test_the_cats_of_a_house_show_iso_birthdates_and_nature_labels(self) -> None:
        house_id = self.create_house()
        tom = self.add_cat(house_id, LEADER, name="Tom")
        response = self.client.get(f"/cats?house_id={house_id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.get_json(),
            [
                {
                    "id": tom["id"],
                    "name": "Tom",
                    "birthdate": "2015-03-07",
                    "nature": "leader of the gang",
                }
            ],
        )

    def test_an_unknown_house_answers_400_in_the_original_words(self) -> None:
        unknown = uuid4()
        response = self.client.get(f"/cats?house_id={unknown}")
        self.assert_refused(response, 400, f"No such house {unknown}")

    def test_a_missing_or_malformed_house_id_answers_422(self) -> None:
        for query in ("", "?house_id=", "?house_id=42", "?house_id=not-a-uuid"):
            with self.subTest(query=query):
                response = self.client.get(f"/cats{query}")
                self.assert_refused(response, 422, contains="house_id")


class AddCatTest(CatownApiTestCase):
    def test_a_cat_moves_in_and_the_answer_has_its_id_and_the_count(self) -> None:
        house_id = self.create_house()
        response = self.client.post("/add_cat", json=cat_body(house_id, birthdate="2015-3-7"))
        self.assertEqual(response.status_code, 201)
        body = response.get_json()
        self.assertEqual(set(body), {"id", "count"})
        self.assertEqual(body["count"], 1)
        [cat] = self.client.get(f"/cats?house_id={house_id}").get_json()
        self.assertEqual((cat["id"], cat["birthdate"]), (body["id"], "2015-03-07"))

    def test_the_cat_filling_the_last_house_gets_a_new_empty_house_built(self) -> None:
        house_id = self.create_house()
        for nature in (LEADER, NINJA, PARTY):
            self.assertNotIn("new_home_id", self.add_cat(house_id, nature))
        body = self.add_cat(house_id, GOSSIP)
        self.assertEqual(body["count"], 4)
        houses = self.client.get("/houses").get_json()
        self.assertEqual(houses[0], {"id": body["new_home_id"], "count": 0, "coex": 0.0})

    def test_unknown_extra_keys_are_ignored_as_the_original_did(self) -> None:
        house_id = self.create_house()
        response = self.client.post("/add_cat", json={**cat_body(house_id), "colour": "ginger"})
        self.assertEqual(response.status_code, 201)

    def test_a_full_house_answers_400_and_writes_nothing(self) -> None:
        full, _ = self.full_house()
        with self.writes_nothing():
            response = self.client.post("/add_cat", json=cat_body(full))
            self.assert_refused(response, 400, f"Not enough room in house {full}")

    def test_an_unknown_house_answers_400_and_writes_nothing(self) -> None:
        self.create_house()
        unknown = str(uuid4())
        with self.writes_nothing():
            response = self.client.post("/add_cat", json=cat_body(unknown))
            self.assert_refused(response, 400, f"No such house with id {unknown}")

    def test_a_blank_name_answers_400_and_writes_nothing(self) -> None:
        house_id = self.create_house()
        with self.writes_nothing():
            response = self.client.post("/add_cat", json=cat_body(house_id, name="   "))
            self.assert_refused(response, 400, contains="name")

    def test_every_bad_field_answers_422_naming_it_and_writes_nothing(self) -> None:
        house_id = self.create_house()
        valid = cat_body(house_id)
        cases: list[tuple[str, dict[str, Any], str]] = [
            ("missing name", {k: v for k, v in valid.items() if k != "name"}, "name"),
            ("missing birthdate", {k: v for k, v in valid.items() if k != "birthdate"}, "birth"),
            ("missing nature", {k: v for k, v in valid.items() if k != "nature"}, "nature"),
            ("missing house", {k: v for k, v in valid.items() if k != "house_id"}, "house_id"),
            ("empty name", {**valid, "name": ""}, "name"),
            ("name too long", {**valid, "name": "x" * 21}, "name"),
            ("name not text", {**valid, "name": 7}, "name"),
            ("name null", {**valid, "name": None}, "name"),
            ("bad date", {**valid, "birthdate": "07/03/2015"}, "birthdate"),
            ("impossible date", {**valid, "birthdate": "2015-02-30"}, "birthdate"),
            ("date with time", {**valid, "birthdate": "2015-03-07T10:00:00"}, "birthdate"),
            ("date not text", {**valid, "birthdate": 20150307}, "birthdate"),
            ("malformed house id", {**valid, "house_id": "house-1"}, "house_id"),
            ("house id not text", {**valid, "house_id": 1}, "house_id"),
            ("nature as label", {**valid, "nature": "party going"}, "nature"),
            ("nature not text", {**valid, "nature": 3}, "nature"),
            ("name with a NUL character", {**valid, "name": "To\x00m"}, "name"),
            ("name with a lone surrogate", {**valid, "name": "\ud800"}, "name"),
            ("birthdate in year 9999", {**valid, "birthdate": "9999-12-31"}, "birthdate"),
            ("birthdate after today everywhere", {**valid, "birthdate": days_from_now(2)}, "birth"),
        ]
        with self.writes_nothing():
            for case, body, field in cases:
                with self.subTest(case=case):
                    response = self.client.post("/add_cat", json=body)
                    self.assert_refused(response, 422, contains=field)

    def test_a_birthdate_of_today_is_accepted_wherever_today_is(self) -> None:
        house_id = self.create_house()
        # The latest today on Earth is UTC+14's: tomorrow in UTC only from 10:00 UTC on.
        latest_today = (datetime.now(timezone.utc) + timedelta(hours=14)).date().isoformat()
        for birthdate in (days_from_now(-1), days_from_now(0), latest_today):
            with self.subTest(birthdate=birthdate):
                body = cat_body(house_id, birthdate=birthdate)
                self.assertEqual(self.client.post("/add_cat", json=body).status_code, 201)

    def test_values_no_field_accepts_answer_422_naming_the_field(self) -> None:
        house_id = self.create_house()
        rest = f'"birthdate": "2015-03-07", "nature": "{PARTY}", "house_id": "{house_id}"'
        cases = [
            ("a 5,000-digit number", '"name": ' + "9" * 5000, "name"),
            ("nesting 10,000 deep", '"name": ' + "[" * 10_000 + "]" * 10_000, "json"),
            ("NaN", '"name": NaN', "name"),
            ("a NUL character in an unknown field", '"nickname": "\\u0000"', "nickname"),
        ]
        with self.writes_nothing():
            for case, field, named in cases:
                with self.subTest(case=case):
                    response = self.client.post(
                        "/add_cat",
                        data="{" + f"{field}, {rest}" + "}",
                        content_type="application/json",
                    )
                    self.assert_refused(response, 422, contains=named)

    def test_an_unknown_nature_answers_422_naming_the_valid_ones(self) -> None:
        house_id = self.create_house()
        response = self.client.post("/add_cat", json=cat_body(house_id, nature="GRUMPY"))
        self.assert_refused(response, 422)
        for nature in (LEADER, NINJA, PARTY, "LONE_TIGER", "COMFORT_CONNAISSEUR", GOSSIP):
            self.assertIn(nature, response.get_json()["message"])

    def test_a_body_that_is_not_a_json_object_answers_4xx(self) -> None:
        for data in ("not json", "[1, 2]", '"text"', ""):
            with self.subTest(data=data):
                response = self.client.post("/add_cat", data=data, content_type="application/json")
                self.assertIn(response.status_code, (400, 422))
                self.assertIn("message", response.get_json())
        self.assertEqual(self.town(), [])


class CreateHouseTest(CatownApiTestCase):
    def test_the_first_house_is_built(self) -> None:
        response = self.client.post("/create_house")
        self.assertEqual(response.status_code, 201)
        body = response.get_json()
        self.assertEqual(set(body), {"house_id"})
        self.assertEqual(self.client.get("/houses").get_json()[0]["id"], body["house_id"])

    def test_a_house_with_room_answers_400_naming_it_and_writes_nothing(self) -> None:
        house_id = self.create_house()
        with self.writes_nothing():
            response = self.client.post("/create_house")
            self.assert_refused(response, 400, f"There's already a valid house with id {house_id}")


class TransferTest(CatownApiTestCase):
    def test_the_cat_moves_and_both_houses_are_recomputed(self) -> None:
        full, empty = self.full_house()
        leader = next(
            cat["id"]
            for cat in self.client.get(f"/cats?house_id={full}").get_json()
            if cat["nature"] == "leader of the gang"
        )
        response = self.transfer(leader, empty)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.get_json(), {"house_id": empty, "cat_id": leader})
        houses = {house["id"]: house for house in self.client.get("/houses").get_json()}
        # The ninja, the party cat and the gossip stay: 0.3 + 0 + 0.7.
        self.assertEqual(houses[full], {"id": full, "count": 3, "coex": 1.0})
        self.assertEqual(houses[empty], {"id": empty, "count": 1, "coex": 0.0})

    def test_a_lone_leader_leaving_leaves_its_house_at_zero(self) -> None:
        # The original left 0.5 here: it also subtracted the leader's pair with itself.
        home = self.create_house()
        leader = self.add_cat(home, LEADER)["id"]
        others = [self.add_cat(home, nature)["id"] for nature in (NINJA, PARTY)]
        last = self.add_cat(home, GOSSIP)
        destination = last["new_home_id"]
        for cat_id in [*others, last["id"], leader]:
            response = self.transfer(cat_id, destination)
            self.assertEqual(response.status_code, 201, response.get_json())
        houses = {house["id"]: house for house in self.client.get("/houses").get_json()}
        self.assertEqual(houses[home], {"id": home, "count": 0, "coex": 0.0})
        self.assertEqual(houses[destination], {"id": destination, "count": 4, "coex": 2.05})

    def test_a_full_destination_answers_400_in_the_transfer_wording(self) -> None:
        full, second = self.full_house()
        for nature in (LEADER, NINJA, PARTY, GOSSIP):
            self.add_cat(second, nature)
        cat_id = self.client.get(f"/cats?house_id={full}").get_json()[0]["id"]
        with self.writes_nothing():
            response = self.transfer(cat_id, second)
            self.assert_refused(response, 400, f"Not enough room in {second} House")

    def test_a_transfer_to_the_cats_own_house_answers_400(self) -> None:
        house_id = self.create_house()
        cat_id = self.add_cat(house_id)["id"]
        with self.writes_nothing():
            response = self.transfer(cat_id, house_id)
            self.assert_refused(response, 400, f"Cat {cat_id} already lives in house {house_id}")

    def test_an_unknown_cat_or_destination_answers_400(self) -> None:
        house_id = self.create_house()
        cat_id = self.add_cat(house_id)["id"]
        unknown = str(uuid4())
        with self.writes_nothing():
            response = self.transfer(unknown, house_id)
            self.assert_refused(response, 400, f"No such cat with id {unknown}")
            response = self.transfer(cat_id, unknown)
            self.assert_refused(response, 400, f"No such house with id {unknown}")

    def test_missing_or_malformed_ids_answer_422_naming_them(self) -> None:
        house_id = self.create_house()
        cat_id = self.add_cat(house_id)["id"]
        cases: list[tuple[dict[str, Any], str]] = [
            ({"destiny_id": house_id}, "cat_id"),
            ({"cat_id": cat_id}, "destiny_id"),
            ({"cat_id": "cat-1", "destiny_id": house_id}, "cat_id"),
            ({"cat_id": cat_id, "destiny_id": 12}, "destiny_id"),
            ({"cat_id": None, "destiny_id": house_id}, "cat_id"),
        ]
        with self.writes_nothing():
            for body, field in cases:
                with self.subTest(body=body):
                    response = self.client.post("/transfer", json=body)
                    self.assert_refused(response, 422, contains=field)


class ApiKeyTest(CatownApiTestCase):
    KEY = "a-key-of-sufficient-length"

    @classmethod
    def settings(cls) -> Settings:
        return testing_settings(API_KEY=cls.KEY)

    def test_every_catown_endpoint_answers_401_without_the_key(self) -> None:
        calls: list[tuple[str, str, dict[str, str] | None]] = [
            ("GET", "/houses", None),
            ("GET", f"/cats?house_id={uuid4()}", None),
            ("POST", "/add_cat", {}),
            ("POST", "/create_house", None),
            ("POST", "/transfer", {}),
        ]
        for method, path, body in calls:
            for headers in ({}, {"Api-Key": "wrong"}, {"Api-Key": ""}):
                with self.subTest(path=path, headers=headers):
                    response = self.client.open(path, method=method, json=body, headers=headers)
                    self.assertEqual(response.status_code, 401)
                    self.assertEqual(response.get_json(), {"error": "Unauthorized"})
        self.assertEqual(self.town(), [])

    def test_the_right_key_is_let_through(self) -> None:
        headers = {"Api-Key": self.KEY}
        self.assertEqual(self.client.post("/create_house", headers=headers).status_code, 201)
        self.assertEqual(len(self.client.get("/houses", headers=headers).get_json()), 1)

    def test_health_and_documentation_stay_open(self) -> None:
        for path in ("/health/live", "/health/ready", "/openapi.json"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 200)

    def test_a_browser_preflight_is_not_refused(self) -> None:
        response = self.client.options("/houses")
        self.assertNotEqual(response.status_code, 401)


DOCUMENTED_STATUSES = {
    ("/houses", "get"): {"200", "401"},
    ("/cats", "get"): {"200", "400", "401", "422"},
    ("/add_cat", "post"): {"201", "400", "401", "422"},
    ("/create_house", "post"): {"201", "400", "401"},
    ("/transfer", "post"): {"201", "400", "401", "422"},
}


class OpenApiTest(CatownApiTestCase):
    def test_every_answer_of_every_endpoint_is_documented(self) -> None:
        document = self.client.get("/openapi.json").get_json()
        for (path, method), statuses in DOCUMENTED_STATUSES.items():
            with self.subTest(path=path, method=method):
                operation = document["paths"][path][method]
                self.assertTrue(statuses <= set(operation["responses"]), operation["responses"])
                self.assertEqual(operation["security"], [{"CatownApiKey": []}])
        scheme = document["components"]["securitySchemes"]["CatownApiKey"]
        self.assertEqual(scheme, {"type": "apiKey", "in": "header", "name": "Api-Key"})

    def test_the_add_cat_body_lists_the_natures_and_the_name_limit(self) -> None:
        schemas = self.client.get("/openapi.json").get_json()["components"]["schemas"]
        add_cat = schemas["AddCat"]["properties"]
        self.assertEqual(len(add_cat["nature"]["enum"]), 6)
        self.assertEqual(add_cat["name"]["maxLength"], 20)
        self.assertEqual(
            set(schemas["AddCat"]["required"]), {"name", "birthdate", "nature", "house_id"}
        )
