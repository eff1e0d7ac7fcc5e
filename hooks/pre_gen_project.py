"""Checks the template answers; on a wrong one, stops generation and says what to type instead."""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Mapping

# Rendered by cookiecutter inside a raw string, so this file is valid Python before rendering.
# tojson escapes every single quote, so the rendered JSON cannot end the string early.
ANSWERS_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip

CHOICES: dict[str, tuple[str, ...]] = {
    "python_version": ("3.10", "3.11", "3.12", "3.13"),
    "example_domains": ("all", "catown", "connected_developers", "none"),
    "license": ("MIT", "Apache-2.0", "BSD-3-Clause", "Proprietary"),
    "use_docker": ("yes", "no"),
    "ci": ("github", "none"),
}

# Names a generated package must not take: they would shadow a dependency or a project folder.
RESERVED_PACKAGE_NAMES = frozenset(
    {
        "alembic",
        "api",
        "app",
        "click",
        "config",
        "dependency_injector",
        "domain",
        "flask",
        "flask_cors",
        "flask_smorest",
        "gunicorn",
        "infrastructure",
        "manage",
        "marshmallow",
        "migrations",
        "psycopg2",
        "scripts",
        "services",
        "site",
        "sqlalchemy",
        "src",
        "test",
        "testcontainers",
        "tests",
        "webargs",
        "werkzeug",
        "wsgi",
    }
)

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
VERSION_PATTERN = re.compile(r"^\d+(\.\d+){0,2}((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def suggest_slug(value: str) -> str:
    """A valid project_slug as close as possible to what was typed."""
    words = re.findall(r"[a-z0-9]+", value.lower())
    slug = "-".join(words).lstrip("-0123456789")
    return slug or "my-service"


def suggest_package_name(value: str) -> str:
    """A valid, unreserved package_name as close as possible to what was typed."""
    name = suggest_slug(value).replace("-", "_")
    if keyword.iskeyword(name) or name in RESERVED_PACKAGE_NAMES or name in sys.stdlib_module_names:
        name = f"{name}_service"
    return name


def project_slug_errors(slug: str) -> list[str]:
    if SLUG_PATTERN.match(slug):
        return []
    return [
        f"project_slug {slug!r} is not valid: use lowercase letters, digits and single hyphens, "
        f"starting with a letter. Type, for example, {suggest_slug(slug)!r}."
    ]


def package_name_errors(name: str) -> list[str]:
    fix = f"Type, for example, {suggest_package_name(name)!r}."
    if not PACKAGE_PATTERN.match(name) or not name.isidentifier():
        return [
            f"package_name {name!r} is not a valid Python package name: use lowercase letters, "
            f"digits and single underscores, starting with a letter. {fix}"
        ]
    if keyword.iskeyword(name):
        return [f"package_name {name!r} is a Python keyword. {fix}"]
    if name in sys.stdlib_module_names:
        return [f"package_name {name!r} would shadow the standard library module {name!r}. {fix}"]
    if name in RESERVED_PACKAGE_NAMES:
        return [
            f"package_name {name!r} is reserved: a dependency or a project folder has that "
            f"name. {fix}"
        ]
    return []


def text_errors(answers: Mapping[str, str]) -> list[str]:
    errors = []
    if not answers.get("project_name", "").strip():
        errors.append("project_name is empty. Type a name such as 'My Service'.")
    if not VERSION_PATTERN.match(answers.get("version", "")):
        errors.append(
            f"version {answers.get('version')!r} is not a release number. "
            "Type, for example, '0.1.0'."
        )
    if not EMAIL_PATTERN.match(answers.get("author_email", "")):
        errors.append(
            f"author_email {answers.get('author_email')!r} is not an e-mail address. "
            "Type, for example, 'you@example.com'."
        )
    return errors


def choice_errors(answers: Mapping[str, str]) -> list[str]:
    errors = []
    for name, allowed in CHOICES.items():
        value = answers.get(name)
        if value not in allowed:
            options = ", ".join(repr(option) for option in allowed)
            errors.append(f"{name} {value!r} is not one of the choices. Type one of {options}.")
    return errors


def answer_errors(answers: Mapping[str, str]) -> list[str]:
    """Every problem with the answers, one message each, each saying what to type instead."""
    return [
        *project_slug_errors(answers.get("project_slug", "")),
        *package_name_errors(answers.get("package_name", "")),
        *text_errors(answers),
        *choice_errors(answers),
    ]


def main(answers: Mapping[str, str]) -> int:
    errors = answer_errors(answers)
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    if errors:
        print(
            "Nothing was generated. Run cookiecutter again with the answers above.", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(ANSWERS_JSON)))
