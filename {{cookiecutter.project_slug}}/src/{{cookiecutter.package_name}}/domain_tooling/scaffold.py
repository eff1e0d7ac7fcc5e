"""Scaffolding a domain: which names a new domain may take, rendering its files, moving them in.

The files come from the project's own cookiecutter template (scaffold/domain/), rendered into a
temporary folder and moved into the project only when none of them exists yet.
"""

from __future__ import annotations

import json
import keyword
import re
import shutil
import tempfile
from pathlib import Path

from .ownership import owned_paths, present_domains

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Alembic keeps revision ids in a VARCHAR(32), and a domain's first revision is 0001_<name>.
MAX_NAME_LENGTH = 32 - len("0001_")
# Names a domain may not take, and why: a domain of one of these would be ambiguous to Alembic
# or would own files that are not its own.
RESERVED_NAMES = {
    **dict.fromkeys(("base", "head", "heads"), "Alembic reads it as a revision"),
    "core": "it is the migration branch of the service's own tables",
    **dict.fromkeys(
        ("docs", "migrations", "scaffold", "src", "tests"), "it is a folder of the project"
    ),
}


class ScaffoldRefused(Exception):
    """The domain cannot be scaffolded as asked; nothing was written."""


def scaffold_template(project: Path) -> Path:
    return project / "scaffold" / "domain"


def name_problem(name: str, project: Path, package: str) -> str | None:
    """Why NAME cannot be a new domain, in one sentence; None when it can."""
    return form_problem(name) or clash_problem(name, project, package)


def form_problem(name: str) -> str | None:
    """Why NAME is not a well-formed domain name, whatever the project holds."""
    if not NAME_PATTERN.match(name):
        return (
            f"{name!r} is not a valid domain name: use lowercase letters, digits and single "
            "underscores, starting with a letter (for example 'library')."
        )
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword: choose another domain name."
    if len(name) > MAX_NAME_LENGTH:
        return (
            f"{name!r} is too long: a domain name has at most {MAX_NAME_LENGTH} characters "
            f"(its first revision id, 0001_{name}, must fit Alembic's 32)."
        )
    return None


def clash_problem(name: str, project: Path, package: str) -> str | None:
    """Why NAME would clash with the project: a domain, a reserved name, a file of that name."""
    if name in present_domains(project, package):
        return f"The domain {name!r} already exists."
    if name in RESERVED_NAMES:
        return f"{name!r} is reserved: {RESERVED_NAMES[name]}. Choose another domain name."
    if name == package:
        return f"{name!r} is the project's package name. Choose another domain name."
    if name in template_names(scaffold_template(project)):
        return (
            f"{name!r} is reserved: every domain has a file or folder of that name (see "
            "scaffold/domain/). Choose another domain name."
        )
    taken = owned_paths(project, package, name)
    if taken:
        return (
            f"{name!r} is taken: {taken[0].relative_to(project)} has that name, and a domain owns "
            "every file named after it. Choose another domain name."
        )
    return None


def template_names(template: Path) -> set[str]:
    """The names of the scaffold's fixed files and folders (item, ports, unit...).

    Every domain gets files of these names, so a domain named like one would own another
    domain's files.
    """
    return {
        path.name.split(".", 1)[0]
        for path in template.rglob("*")
        # A name with a template expression (in braces) is the domain's own.
        if "{" not in path.name and "__pycache__" not in path.parts
    }


def scaffold_domain(name: str, project: Path, package: str) -> list[Path]:
    """Render the domain NAME and move its files into the project; return what was created.

    Raises ScaffoldRefused, having written nothing, when NAME cannot be a new domain or any of
    its files already exists.
    """
    if not scaffold_template(project).is_dir():
        raise ScaffoldRefused(
            f"domain new works in the project's source folder, and {project} has no "
            "scaffold/domain/: run it from a checkout of the project (pip install -e '.[dev]')."
        )
    problem = name_problem(name, project, package)
    if problem:
        raise ScaffoldRefused(problem)
    with tempfile.TemporaryDirectory(prefix=f"domain-{name}-") as scratch:
        rendered = render(name, package, scaffold_template(project), Path(scratch))
        return move_in(rendered, project, package, name)


def render(name: str, package: str, template: Path, scratch: Path) -> Path:
    """The domain's files rendered by cookiecutter into scratch; returns their root."""
    try:
        # Through the package: pyproject.toml tells mypy that it has no type hints.
        from cookiecutter import main as cookiecutter_main  # noqa: PLC0415 - a development tool
    except ImportError as missing:
        raise ScaffoldRefused(
            "domain new renders its template with cookiecutter, a development dependency: "
            "install it with pip install -e '.[dev]'."
        ) from missing
    # Its replay and cache folders go to scratch too: nothing is written outside the project.
    config = scratch / "cookiecutter-config.yaml"
    config.write_text(
        json.dumps({"replay_dir": str(scratch / "replay"), "cookiecutters_dir": str(scratch)})
    )
    output = cookiecutter_main.cookiecutter(
        str(template),
        no_input=True,
        output_dir=str(scratch / "out"),
        extra_context={"domain": name, "package_name": package},
        config_file=str(config),
    )
    return Path(output)


def move_in(rendered: Path, project: Path, package: str, name: str) -> list[Path]:
    """Move the rendered files into the project, or refuse before moving any."""
    owned = owned_paths(rendered, package, name)
    stray = [
        path
        for path in rendered.rglob("*")
        if path.is_file() and not any(path == top or top in path.parents for top in owned)
    ]
    if stray:
        # The domain would not own it, so `domain remove` would leave it behind.
        raise ScaffoldRefused(
            f"The scaffold's file {stray[0].relative_to(rendered)} is not named after the domain."
        )
    targets = [project / path.relative_to(rendered) for path in owned]
    existing = [target for target in targets if target.exists()]
    if existing:
        raise ScaffoldRefused(
            f"{existing[0].relative_to(project)} already exists: nothing was written."
        )
    moved: list[Path] = []
    try:
        for source, target in zip(owned, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            moved.append(target)
    except OSError:
        # Take back what was moved: a domain is added whole or not at all.
        for target in moved:
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
        raise
    return targets
