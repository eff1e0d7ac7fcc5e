"""GitHub REST: does a user exist, and which organisations is it a public member of."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from ....domain.models.connected_developers.accounts import GitHubUser, Organisation
from ....services.connected_developers.ports import GitHubDirectory
from .settings import Timeouts
from .upstream import MAX_PAGES, Upstream

logger = logging.getLogger(__name__)

API_VERSION = "2022-11-28"
PER_PAGE = "100"


class GitHubApiDirectory(GitHubDirectory):
    """GET /users/{login}, then GET /users/{login}/orgs following Link rel="next"."""

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

    def organisations(self, user: GitHubUser) -> list[Organisation]:
        organisations: list[Organisation] = []
        url = f"users/{quote(user.login, safe='')}/orgs"
        params: dict[str, str] | None = {"per_page": PER_PAGE}
        for _ in range(MAX_PAGES):
            response = self._upstream.get(url, params=params)
            if response.status_code == httpx.codes.NOT_FOUND:
                # The user went away between the two steps: a member of nothing now.
                return []
            page = self._upstream.json_list(response)
            organisations.extend(self._organisation(item) for item in page)
            next_url = response.links.get("next", {}).get("url")
            if not next_url:
                return organisations
            # The next link carries every parameter itself.
            url, params = next_url, None
        logger.warning("GitHub organisation list longer than %d pages; read no further", MAX_PAGES)
        return organisations

    def close(self) -> None:
        self._upstream.close()

    def _organisation(self, item: Any) -> Organisation:
        if not isinstance(item, dict):
            raise self._upstream.unexpected_shape()
        login, organisation_id = item.get("login"), item.get("id")
        if not isinstance(login, str) or not isinstance(organisation_id, int):
            raise self._upstream.unexpected_shape()
        return Organisation(id=organisation_id, login=login)
