"""Twitter API v2: does a user exist, and does it follow another one."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from ....domain.models.connected_developers.accounts import TwitterUser
from ....services.connected_developers.ports import TwitterDirectory
from .settings import Timeouts
from .upstream import MAX_PAGES, Upstream

logger = logging.getLogger(__name__)

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

    def follows(self, follower: TwitterUser, followed: TwitterUser) -> bool:
        """Reads the follower's following list page by page, stopping once followed is found."""
        params = {"max_results": MAX_RESULTS}
        for _ in range(MAX_PAGES):
            response = self._upstream.get(
                f"2/users/{quote(follower.id, safe='')}/following", params=params
            )
            if response.status_code == httpx.codes.NOT_FOUND:
                return False
            body = self._upstream.json_object(response)
            if followed.id in self._ids(body.get("data", [])):
                return True
            meta = body.get("meta")
            next_token = meta.get("next_token") if isinstance(meta, dict) else None
            if not isinstance(next_token, str) or not next_token:
                return False
            params = {"max_results": MAX_RESULTS, "pagination_token": next_token}
        logger.warning("Twitter following list longer than %d pages; read no further", MAX_PAGES)
        return False

    def close(self) -> None:
        self._upstream.close()

    def _ids(self, data: Any) -> set[str]:
        if not isinstance(data, list):
            raise self._upstream.unexpected_shape()
        ids = {item.get("id") for item in data if isinstance(item, dict)}
        return {user_id for user_id in ids if isinstance(user_id, str)}
