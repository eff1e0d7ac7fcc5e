"""Twitter API v2: does a user exist, and does it follow another one."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from ....domain.models.connected_developers.accounts import TwitterUser
from ....services.connected_developers.ports import Page, TwitterDirectory
from .settings import Timeouts
from .upstream import Upstream

MAX_RESULTS = "1000"


class TwitterApiDirectory(TwitterDirectory):
    """GET /2/users/by/username/{username}; GET /2/users/{id}/following by pagination_token."""

    def __init__(self, base_url: str, bearer_token: str, timeouts: Timeouts) -> None:
        headers = {"Authorization": f"Bearer {bearer_token}"} if bearer_token else {}
        self._upstream = Upstream("Twitter", base_url, headers, timeouts)

    def find_user(self, username: str) -> TwitterUser | None:
        response = self._upstream.get(f"2/users/by/username/{quote(username, safe='')}")
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        body = self._upstream.json_object(response)
        data = body.get("data")
        if data is None and body.get("errors"):
            # Twitter answers 200 with a "Not Found Error" (or a suspension) and no data.
            return None
        if not isinstance(data, dict):
            raise self._upstream.unexpected_shape()
        user_id, user_name = data.get("id"), data.get("username")
        if not isinstance(user_id, str) or not isinstance(user_name, str):
            raise self._upstream.unexpected_shape()
        return TwitterUser(id=user_id, username=user_name)

    def following_page(self, follower: TwitterUser, page: str | None = None) -> Page[str]:
        params = {"max_results": MAX_RESULTS}
        if page is not None:
            params["pagination_token"] = page
        response = self._upstream.get(
            f"2/users/{quote(follower.id, safe='')}/following", params=params
        )
        if response.status_code == httpx.codes.NOT_FOUND:
            return Page(())
        body = self._upstream.json_object(response)
        meta = body.get("meta")
        next_token = meta.get("next_token") if isinstance(meta, dict) else None
        ids = self._ids(body.get("data", []))
        return Page(ids, next_token if isinstance(next_token, str) and next_token else None)

    def close(self) -> None:
        self._upstream.close()

    def _ids(self, data: Any) -> tuple[str, ...]:
        if not isinstance(data, list):
            raise self._upstream.unexpected_shape()
        ids = (item.get("id") for item in data if isinstance(item, dict))
        return tuple(user_id for user_id in ids if isinstance(user_id, str))
