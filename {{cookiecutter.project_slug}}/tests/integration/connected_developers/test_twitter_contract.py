"""The Twitter adapter against a local server speaking Twitter API v2: users, pages, failures.

The failures every upstream shares (5xx, timeouts, refused credentials...) are in test_upstream.
"""

from {{ cookiecutter.package_name }}.domain.models.connected_developers.accounts import TwitterUser
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.twitter import (
    TwitterApiDirectory,
)
from {{ cookiecutter.package_name }}.services.connected_developers.ports import Page

from .fake_upstream import FAST_TIMEOUTS, Answer, FakeUpstreamTestCase

TOKEN = "AAAA-twitter-contract-secret-9d8e"
CROWD = [f"fan{number}" for number in range(7)]


class TwitterContractTest(FakeUpstreamTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        for number, name in enumerate(CROWD):
            cls.upstream.add_twitter_user(name, str(100 + number), [])
        # jack follows the crowd, then dorsey last: four pages of two.
        cls.upstream.add_twitter_user("jack", "12", [*CROWD, "dorsey"])
        cls.upstream.add_twitter_user("dorsey", "13", ["fan0"])
        cls.upstream.add_twitter_user("hermit", "14", [])

    def setUp(self) -> None:
        super().setUp()
        self.twitter = TwitterApiDirectory(self.upstream.twitter_url, TOKEN, FAST_TIMEOUTS)
        self.addCleanup(self.twitter.close)

    def user(self, name: str) -> TwitterUser:
        found = self.twitter.find_user(name)
        assert found is not None
        return found

    def test_an_existing_user_is_found_with_its_id(self) -> None:
        self.assertEqual(self.twitter.find_user("JACK"), TwitterUser(id="12", username="jack"))

    def test_a_not_found_error_means_no_such_user(self) -> None:
        self.assertIsNone(self.twitter.find_user("nobody"))

    def test_requests_carry_the_bearer_token(self) -> None:
        self.twitter.find_user("jack")
        self.assertEqual(self.upstream.seen[-1].authorization, f"Bearer {TOKEN}")

    def test_following_comes_a_page_at_a_time_by_next_token(self) -> None:
        jack = self.user("jack")
        self.upstream.reset()
        ids: list[str] = []
        page = self.twitter.following_page(jack)
        ids.extend(page.items)
        while page.next is not None:
            page = self.twitter.following_page(jack, page.next)
            ids.extend(page.items)
        self.assertEqual(ids, [*(str(100 + number) for number in range(7)), "13"])
        paths = self.upstream.paths_seen()
        self.assertEqual(len(paths), 4)
        self.assertEqual(paths[0], "/twitter/2/users/12/following?max_results=1000")
        self.assertTrue(paths[1].endswith("&pagination_token=page-2"), paths[1])

    def test_the_last_page_names_no_next_one(self) -> None:
        self.assertEqual(self.twitter.following_page(self.user("dorsey")), Page(("100",)))

    def test_a_user_who_follows_nobody_follows_nobody(self) -> None:
        self.assertEqual(self.twitter.following_page(self.user("hermit")), Page(()))

    def test_a_rate_limit_is_not_a_verdict_and_says_when_to_retry(self) -> None:
        self.upstream.answers["/twitter/2/users/by/username/jack"] = Answer.twitter_rate_limit(
            reset_in=300
        )
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.twitter.find_user("jack")
        self.assertIn("Twitter", raised.exception.message)
        retry_after = raised.exception.retry_after
        assert retry_after is not None
        self.assertTrue(290 <= retry_after <= 300, retry_after)

    def test_a_rate_limit_while_paging_is_not_a_verdict(self) -> None:
        jack = self.user("jack")
        self.upstream.answers["/twitter/2/users/12/following"] = Answer.too_many_requests(15)
        with self.assertRaises(UpstreamUnavailable):
            self.twitter.following_page(jack)

    def test_an_answer_of_the_wrong_shape_is_not_a_verdict(self) -> None:
        self.upstream.answers["/twitter/2/users/by/username/jack"] = Answer(
            200, body='{"data": []}'
        )
        with self.assertRaises(UpstreamUnavailable):
            self.twitter.find_user("jack")
