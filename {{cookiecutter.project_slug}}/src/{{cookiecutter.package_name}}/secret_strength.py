"""Whether a value is fit to be a production secret: long enough, random-looking, no placeholder."""

from __future__ import annotations

import re

# The errors about a refused secret suggest this command to make a random one.
RANDOM_VALUE_COMMAND = "python -c 'import secrets; print(secrets.token_hex(32))'"
MAKE_ONE = f"make a random one with: {RANDOM_VALUE_COMMAND}"
# Words that mark a value someone meant to replace (compared without case).
PLACEHOLDERS = (
    "changeme",
    "change-me",
    "change_me",
    "replaceme",
    "replace-me",
    "replace_me",
    "placeholder",
    "example",
    "password",
    "secret",
    "dummy",
    "xxxx",
)
# A random value of 16 or more characters almost never has fewer distinct characters than this
# (one 16-digit hex value in millions); a typed one ("aaaaaaaaaaaaaaab") often has.
MIN_DISTINCT_CHARACTERS = 5
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


def secret_problem(name: str, value: str, min_length: int, how: str = MAKE_ONE) -> str | None:
    """One line naming the setting and what is wrong with it, or None when the value is fit.

    The line never quotes the value: it goes to the logs.
    """
    lowered = value.lower()
    placeholder = next((word for word in PLACEHOLDERS if word in lowered), None)
    if placeholder is not None:
        wrong = f"contains the placeholder {placeholder!r}"
    elif len(value) < min_length:
        wrong = f"is shorter than the {min_length} characters production needs"
    elif len(set(value)) == 1:
        wrong = "repeats one character"
    elif _REPEATED.fullmatch(value):
        wrong = "is one short sequence repeated"
    elif len(set(value)) < MIN_DISTINCT_CHARACTERS:
        wrong = f"uses only {len(set(value))} distinct characters"
    else:
        return None
    return f"{name} {wrong}: {how}."
