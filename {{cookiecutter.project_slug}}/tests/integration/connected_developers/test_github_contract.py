"""The GitHub adapter against a local server speaking GitHub REST: users, pages, failures.

The failures every upstream shares (5xx, timeouts, refused credentials...) are in test_upstream.
"""

from {{ cookiecutter.package_name }}.domain.models.connected_developers.accounts import (
    GitHubUser,
    Organisation,
)
from {{ cookiecutter.package_name }}.domain.models.connected_developers.exceptions import (
    UpstreamUnavailable,
)
from {{ cookiecutter.package_name }}.infrastructure.services.connected_developers.github import (
    GitHubApiDirectory,
)
from {{ cookiecutter.package_name }}.services.connected_developers.ports import Page

from .fake_upstream import FAST_TIMEOUTS, Answer, FakeUpstreamTestCase

TOKEN = "ghp_contract_secret_4f1b2c"
ORGS = [(10, "alpha"), (11, "beta"), (12, "gamma"), (13, "delta"), (14, "epsilon")]


class GitHubContractTest(FakeUpstreamTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.upstream.add_github_user("octo", 42, ORGS)
        cls.upstream.add_github_user("loner", 43, [])

    def setUp(self) -> None:
        super().setUp()
        self.github = GitHubApiDirectory(self.upstream.github_url, TOKEN, FAST_TIMEOUTS)
        self.addCleanup(self.github.close)

    def test_an_existing_user_is_found_with_its_login_and_id(self) -> None:
        self.assertEqual(self.github.find_user("Octo"), GitHubUser(login="octo", id=42))

    def test_a_404_means_no_such_user(self) -> None:
        self.assertIsNone(self.github.find_user("nobody"))

    def test_organisations_come_a_page_at_a_time_by_the_link_header(self) -> None:
        organisations: list[Organisation] = []
        page = self.github.organisations_page("Octo")
        organisations.extend(page.items)
        while page.next is not None:
            page = self.github.organisations_page("Octo", page.next)
            organisations.extend(page.items)
        self.assertEqual(organisations, [Organisation(id=id_, login=login) for id_, login in ORGS])
        self.assertEqual(
            self.upstream.paths_seen(),
            [
                "/github/users/Octo/orgs?per_page=100",
                "/github/users/octo/orgs?per_page=2&page=2",
                "/github/users/octo/orgs?per_page=2&page=3",
            ],
        )

    def test_a_user_in_no_organisation_has_none(self) -> None:
        self.assertEqual(self.github.organisations_page("loner"), Page(()))

    def test_a_login_github_does_not_know_is_a_member_of_nothing(self) -> None:
        self.assertEqual(self.github.organisations_page("nobody"), Page(()))

    def test_requests_carry_the_token(self) -> None:
        self.github.find_user("octo")
        self.assertEqual(self.upstream.seen[-1].authorization, f"Bearer {TOKEN}")

    def test_without_a_token_no_authorization_is_sent(self) -> None:
        anonymous = GitHubApiDirectory(self.upstream.github_url, "", FAST_TIMEOUTS)
        self.addCleanup(anonymous.close)
        anonymous.find_user("octo")
        self.assertIsNone(self.upstream.seen[-1].authorization)

    def test_a_next_link_to_another_host_is_not_followed(self) -> None:
        # Same server, other host name: following it would hand the token to another host.
        self.upstream.next_link_host = self.upstream.url.removeprefix("http://").replace(
            "127.0.0.1", "localhost"
        )
        first = self.github.organisations_page("octo")
        assert first.next is not None
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.github.organisations_page("octo", first.next)
        self.assertIn("another address", raised.exception.message)
        self.assertEqual(
            [seen.host for seen in self.upstream.seen if seen.host.startswith("localhost")], []
        )

    def test_a_rate_limit_is_not_a_verdict_and_says_when_to_retry(self) -> None:
        self.upstream.answers["/github/users/octo"] = Answer.github_rate_limit(reset_in=120)
        with self.assertRaises(UpstreamUnavailable) as raised:
            self.github.find_user("octo")
        self.assertIn("GitHub", raised.exception.message)
        self.assertIn("rate limiting", raised.exception.message)
        retry_after = raised.exception.retry_after
        assert retry_after is not None
        self.assertTrue(110 <= retry_after <= 120, retry_after)

    def test_a_rate_limit_while_paging_is_not_a_verdict(self) -> None:
        self.upstream.answers["/github/users/octo/orgs"] = Answer.too_many_requests(retry_after=30)
        with self.assertRaises(UpstreamUnavailable):
            self.github.organisations_page("octo")

    def test_an_answer_of_the_wrong_shape_is_not_a_verdict(self) -> None:
        self.upstream.answers["/github/users/octo"] = Answer(200, body='{"login": "octo"}')
        with self.assertRaises(UpstreamUnavailable):
            self.github.find_user("octo")
