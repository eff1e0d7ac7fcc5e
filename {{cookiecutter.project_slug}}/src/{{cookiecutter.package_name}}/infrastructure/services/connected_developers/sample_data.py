"""A small made-up population for the sample backend: the service works offline, no credentials.

alice/bob and bob/dave are connected; alice/carol share an organisation but carol does not
follow back; carol/dave follow each other but share none; erin is only on Twitter and frank only
on GitHub.
"""

from __future__ import annotations

# GitHub organisation id -> login.
ORGANISATIONS: dict[int, str] = {1001: "acme-labs", 1002: "open-tools", 1003: "night-owls"}

# GitHub login -> (user id, ids of the organisations it is a public member of).
GITHUB_USERS: dict[str, tuple[int, tuple[int, ...]]] = {
    "alice": (501, (1001, 1002, 1003)),
    "bob": (502, (1002, 1003)),
    "carol": (503, (1001,)),
    "dave": (504, (1003,)),
    "frank": (506, ()),
}

# Twitter username -> (user id, usernames it follows).
TWITTER_USERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "alice": ("9001", ("bob", "carol")),
    "bob": ("9002", ("alice", "dave")),
    "carol": ("9003", ("dave",)),
    "dave": ("9004", ("bob", "carol")),
    "erin": ("9005", ("alice",)),
}
