"""constraints.txt pins every dependency the project names, inside the range it allows."""

import unittest
from importlib.metadata import requires

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from ..support.database import PROJECT_ROOT

REFRESH = (
    "constraints.txt no longer fits pyproject.toml: refresh it with uv pip compile (the command "
    "is in README.md), then reinstall"
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
        # The project as installed: its dependencies and its dev extras, for this Python.
        named = [Requirement(text) for text in requires("{{ cookiecutter.project_slug }}") or []]
        wanted = [r for r in named if r.marker is None or r.marker.evaluate({"extra": "dev"})]
        self.assertTrue(wanted)
        pins = pinned_here()
        for requirement in wanted:
            with self.subTest(requirement=str(requirement)):
                version = pins.get(canonicalize_name(requirement.name))
                self.assertIsNotNone(version, REFRESH)
                assert version is not None
                self.assertTrue(requirement.specifier.contains(version, prereleases=True), REFRESH)
