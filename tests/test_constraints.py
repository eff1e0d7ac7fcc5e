"""constraints.txt pins each dependency pyproject.toml names, inside its range, on every Python."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .support import OFFERED_PYTHONS, render

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def pins(constraints: Path) -> list[Requirement]:
    lines = (line.split("#")[0].strip() for line in constraints.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


@pytest.mark.parametrize("python_version", OFFERED_PYTHONS)
def test_every_dependency_is_pinned_inside_its_range(tmp_path: Path, python_version: str) -> None:
    project = render(tmp_path, python_version=python_version)
    metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(text) for text in metadata["dependencies"]]
    wanted += [Requirement(text) for text in metadata["optional-dependencies"]["dev"]]
    environment = {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "sys_platform": "linux",
        "platform_machine": "x86_64",
    }
    applicable = [
        pin
        for pin in pins(project / "constraints.txt")
        if pin.marker is None or Marker(str(pin.marker)).evaluate(environment)
    ]
    for requirement in wanted:
        matching = [
            pin
            for pin in applicable
            if canonicalize_name(pin.name) == canonicalize_name(requirement.name)
        ]
        assert len(matching) == 1, f"{requirement.name}: {len(matching)} pins on {python_version}"
        (pinned,) = matching
        version = Version(str(pinned.specifier).removeprefix("=="))
        assert requirement.specifier.contains(version, prereleases=True), (
            f"constraints.txt pins {pinned} outside pyproject.toml's {requirement}: refresh it"
        )
