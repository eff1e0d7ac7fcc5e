"""What GitHub logins and Twitter usernames look like: impossible handles are not looked up."""

from __future__ import annotations

import re

# Letters, digits and hyphens, not starting with a hyphen, at most 39 characters.
_GITHUB_LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
# Letters, digits and underscores, at most 15 characters (Twitter refuses anything else).
_TWITTER_USERNAME = re.compile(r"[A-Za-z0-9_]{1,15}")


def could_be_github_login(handle: str) -> bool:
    return _GITHUB_LOGIN.fullmatch(handle) is not None


def could_be_twitter_username(handle: str) -> bool:
    return _TWITTER_USERNAME.fullmatch(handle) is not None
