"""Helpers shared by the template tests: rendering, reading trees, finding interpreters."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cookiecutter.main import cookiecutter

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
# Jinja that survived rendering: an expression, a statement, a comment, or a template variable.
# A GitHub Actions expression, ${{ ... }}, is meant to stay.
TEMPLATE_MARKERS = re.compile(r"(?<!\$)\{\{\s*\w|\{%|%\}|\{#|cookiecutter\.")
OFFERED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# The domain scaffold: a cookiecutter template the generated project renders itself (manage.py
# domain new), copied into it without rendering, so its template markers stay.
SCAFFOLD = Path("scaffold")


def render(output_dir: Path, **answers: Any) -> Path:
    """Generate a project with the given answers (defaults for the rest); return its folder."""
    project = cookiecutter(
        str(TEMPLATE_ROOT), no_input=True, output_dir=str(output_dir), extra_context=answers
    )
    return Path(project)


def project_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def rendered_files(root: Path) -> Iterator[Path]:
    """The project's files that generation renders: all but the domain scaffold's."""
    for path in project_files(root):
        if SCAFFOLD not in path.relative_to(root).parents:
            yield path


def tree_snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mode, keyed by its path inside the project."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mode)
        for path in project_files(root)
    }


def find_python(version: str) -> str:
    """The interpreter for a Python version: on PATH, or through pyenv when it is installed."""
    on_path = shutil.which(f"python{version}")
    if on_path and _reports_version(on_path, version):
        return on_path
    if shutil.which("pyenv"):
        prefix = subprocess.run(
            ["pyenv", "prefix", version], capture_output=True, text=True, check=False
        ).stdout.strip()
        candidate = Path(prefix) / "bin" / "python"
        if prefix and candidate.exists() and _reports_version(str(candidate), version):
            return str(candidate)
    raise LookupError(
        f"Python {version} is needed to test the projects that target it: install it "
        f"(for example `pyenv install {version}`) so that python{version} or pyenv finds it."
    )


def _reports_version(interpreter: str, version: str) -> bool:
    result = subprocess.run(
        [interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == version
