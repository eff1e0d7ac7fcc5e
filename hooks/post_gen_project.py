"""Removes from the generated project every part whose option was not chosen."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

# tojson escapes every single quote, so the rendered JSON cannot end the string early.
ANSWERS_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip

# The example domains each answer keeps. A domain owns every file and folder named after it; the
# generated project's own rule says which (the one `manage.py domain remove` follows too).
EXAMPLE_DOMAINS: dict[str, tuple[str, ...]] = {
    "all": ("catown", "connected_developers"),
    "catown": ("catown",),
    "connected_developers": ("connected_developers",),
    "none": (),
}
OWNERSHIP_MODULE = "src/{package}/domain_tooling/ownership.py"

# The one table of the other optional parts: (answer, values that keep the part) -> its paths.
OPTIONAL_PARTS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {
    ("use_docker", ("yes",)): (
        "Dockerfile",
        ".dockerignore",
        "docker-compose.yml",
        ".env.compose",
        "scripts/run_postgres.sh",
        "deploy",
    ),
    ("ci", ("github",)): (".github",),
}


def unwanted_patterns(answers: Mapping[str, str]) -> list[str]:
    """The path patterns of every optional part the answers did not choose."""
    return [
        pattern
        for (answer, keeping_values), patterns in OPTIONAL_PARTS.items()
        if answers[answer] not in keeping_values
        for pattern in patterns
    ]


def matching_paths(root: Path, patterns: Iterable[str]) -> list[Path]:
    """Existing paths under root that match the patterns, outermost first, without duplicates."""
    found = {path for pattern in patterns for path in root.glob(pattern)}
    outermost = [path for path in found if not any(parent in found for parent in path.parents)]
    return sorted(outermost)


def load_ownership(root: Path, package: str) -> ModuleType:
    """The generated project's ownership module (standard library only), loaded from its file."""
    path = root / OWNERSHIP_MODULE.format(package=package)
    spec = importlib.util.spec_from_file_location("domain_ownership", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unwanted_domain_paths(answers: Mapping[str, str], root: Path) -> list[Path]:
    """Every path owned by an example domain the answers did not choose."""
    kept = EXAMPLE_DOMAINS[answers["example_domains"]]
    ownership = load_ownership(root, answers["package_name"])
    package = answers["package_name"]
    return [
        path
        for domain in EXAMPLE_DOMAINS["all"]
        if domain not in kept
        for path in ownership.owned_paths(root, package, domain)
    ]


def remove_paths(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def remove_empty_folders(root: Path) -> None:
    """Folders left empty by the removals (for example scripts/) go too."""
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def main(answers: Mapping[str, str], root: Path) -> int:
    remove_paths(unwanted_domain_paths(answers, root))
    remove_paths(matching_paths(root, unwanted_patterns(answers)))
    remove_empty_folders(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(ANSWERS_JSON), Path.cwd()))
