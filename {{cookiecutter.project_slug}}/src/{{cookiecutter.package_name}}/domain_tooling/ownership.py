"""Which files a domain owns: every file and folder named after it below the project's roots.

Standard library only: the template's post-generation hook loads this file by its path to remove
an unchosen example domain by the same rule that `manage.py domain remove` uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

# Below these folders (relative to the project root; PACKAGE stands for the package's name) a
# file or folder whose name, less its suffix, is the domain's name belongs to the domain.
DOMAIN_ROOTS = ("src/PACKAGE", "tests", "migrations", "docs")
SKIPPED = frozenset({"__pycache__"})


def domain_roots(project: Path, package: str) -> list[Path]:
    return [project / root.replace("PACKAGE", package) for root in DOMAIN_ROOTS]


def owned_paths(project: Path, package: str, domain: str) -> list[Path]:
    """The outermost files and folders the domain owns, sorted; a folder stands for its content."""
    found: list[Path] = []
    for root in domain_roots(project, package):
        if root.is_dir():
            found.extend(_named_after(root, domain))
    return sorted(found)


def present_domains(project: Path, package: str) -> list[str]:
    """The domains present: one per module or package in the composition folder."""
    composition = project / "src" / package / "composition"
    names = {
        path.stem
        for path in composition.iterdir()
        if path.name not in SKIPPED
        and not path.name.startswith("_")
        and (path.suffix == ".py" or (path / "__init__.py").is_file())
    }
    return sorted(names)


def _named_after(folder: Path, domain: str) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if path.name in SKIPPED:
            continue
        if path.name == domain or (path.is_file() and path.name.split(".", 1)[0] == domain):
            yield path
        elif path.is_dir():
            yield from _named_after(path, domain)
