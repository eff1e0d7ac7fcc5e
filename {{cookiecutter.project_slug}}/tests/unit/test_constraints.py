"""constraints.txt pins every dependency pyproject.toml names, inside its range."""

import sys
import unittest

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from ..support.database import PROJECT_ROOT

if sys.version_info >= (3, 11):  # noqa: UP036 - one file for every Python the project may target
    import tomllib
else:
    import tomli as tomllib

REFRESH = (
    "constraints.txt no longer fits pyproject.toml: refresh it with uv pip compile "
    "(the command is in README.md)"
)


def pinned_here() -> dict[str, Version]:
    """The pins of constraints.txt that apply to this Python and platform, by package name."""
    text = (PROJECT_ROOT / "constraints.txt").read_text()
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    pins = (Requirement(line) for line in lines if line)
    return {
        canonicalize_name(pin.name): Version(next(iter(pin.specifier)).version)
        for pin in pins
        if pin.marker is None or pin.marker.evaluate()
    }


class ConstraintsTest(unittest.TestCase):
    def test_every_dependency_is_pinned_inside_its_range(self) -> None:
        project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
        names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
        pins = pinned_here()
        for requirement in map(Requirement, names):
            if requirement.marker is not None and not requirement.marker.evaluate():
                continue
            with self.subTest(requirement=str(requirement)):
                version = pins.get(canonicalize_name(requirement.name))
                self.assertIsNotNone(version, REFRESH)
                assert version is not None
                self.assertTrue(requirement.specifier.contains(version, prereleases=True), REFRESH)
