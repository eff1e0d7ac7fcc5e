"""Removes from the generated project every part whose option was not chosen."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# tojson escapes every single quote, so the rendered JSON cannot end the string early.
ANSWERS_JSON = r'''{{ cookiecutter | tojson }}'''  # fmt: skip

# The one table of optional parts: (answer, values that keep the part) -> what the part owns.
# An example domain owns every file and folder named after it, in every layer, in the
# migrations and in the tests, so removing it leaves no trace.
OPTIONAL_PARTS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {
    ("example_domains", ("all", "catown")): ("**/*catown*",),
    ("example_domains", ("all", "connected_developers")): ("**/*connected_developers*",),
    ("use_docker", ("yes",)): (
        "Dockerfile",
        ".dockerignore",
        "docker-compose.yml",
        ".env.compose",
        "scripts/run_postgres.sh",
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
    remove_paths(matching_paths(root, unwanted_patterns(answers)))
    remove_empty_folders(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(ANSWERS_JSON), Path.cwd()))
