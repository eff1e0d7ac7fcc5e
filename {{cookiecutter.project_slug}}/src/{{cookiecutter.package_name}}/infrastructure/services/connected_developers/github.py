"""GitHub REST: does a user exist, and which organisations is it a public member of."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from ....domain.models.connected_developers.accounts import GitHubUser, Organisation
from ....services.connected_developers.ports import GitHubDirectory, Page
from .settings import Timeouts
from .upstream import Upstream

API_VERSION = "2022-11-28"
PER_PAGE = "100"


class GitHubApiDirectory(GitHubDirectory):
    """GET /users/{login}; GET /users/{login}/orgs, a page at a time by Link rel="next"."""

    def __init__(self, base_url: str, token: str, timeouts: Timeouts) -> None:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._upstream = Upstream("GitHub", base_url, headers, timeouts)

    def find_user(self, login: str) -> GitHubUser | None:
        response = self._upstream.get(f"users/{quote(login, safe='')}")
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        body = self._upstream.json_object(response)
        user_login, user_id = body.get("login"), body.get("id")
        if not isinstance(user_login, str) or not isinstance(user_id, int):
            raise self._upstream.unexpected_shape()
        return GitHubUser(login=user_login, id=user_id)

    def organisations_page(self, login: str, page: str | None = None) -> Page[Organisation]:
        if page is None:
            response = self._upstream.get(
                f"users/{quote(login, safe='')}/orgs", params={"per_page": PER_PAGE}
            )
        else:
            # A next link carries every parameter itself.
            response = self._upstream.get(page)
        if response.status_code == httpx.codes.NOT_FOUND:
            # No such user, or it went away since its look-up: a member of nothing now.
            return Page(())
        items = self._upstream.json_list(response)
        next_url = response.links.get("next", {}).get("url")
        return Page(tuple(self._organisation(item) for item in items), next_url or None)

    def close(self) -> None:
        self._upstream.close()

    def _organisation(self, item: Any) -> Organisation:
        if not isinstance(item, dict):
            raise self._upstream.unexpected_shape()
        login, organisation_id = item.get("login"), item.get("id")
        if not isinstance(login, str) or not isinstance(organisation_id, int):
            raise self._upstream.unexpected_shape()
        return Organisation(id=organisation_id, login=login)
