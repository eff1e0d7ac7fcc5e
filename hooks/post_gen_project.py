"""Removes every part whose option was not chosen, and records what the project was made from."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

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


# Where cruft keeps what a project was made from; `cruft check` and `cruft update` read it.
CRUFT_FILE = ".cruft.json"
# What cookiecutter adds to the answers about this one run: where it wrote, read and checked out
# (not recorded) and the template and its commit (recorded last, as cruft records them).
RUN_DETAILS = ("_output_dir", "_repo_dir", "_checkout", "_template", "_commit")


def git(folder: Path, *arguments: str) -> str | None:
    """A git command's output in folder; None when git or the repository is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def template_folder(repo_dir: str) -> Path | None:
    """The template folder generated from, or None when it cannot be found.

    cookiecutter runs this hook from inside that folder (the hook's own working directory is the
    project), but gives a local template's path as it was typed, relative to where cookiecutter
    started: on Linux the folder is read from the process running the hook, elsewhere the
    shell's PWD says where cookiecutter started.
    """
    typed = Path(repo_dir)
    candidates = [typed] if typed.is_absolute() else [Path(f"/proc/{os.getppid()}/cwd")]
    if not typed.is_absolute() and os.environ.get("PWD"):
        candidates.append(Path(os.environ["PWD"]) / typed)
    for candidate in candidates:
        if (candidate / "cookiecutter.json").is_file():
            return candidate.resolve()
    return None


def in_template_order(context: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """The answers in cookiecutter.json's order, as cruft writes them; the hook gets them sorted."""
    order = list(json.loads((folder / "cookiecutter.json").read_text(encoding="utf-8")))
    rank = {key: index for index, key in enumerate(order)}
    return dict(sorted(context.items(), key=lambda item: rank.get(item[0], len(order))))


def git_checkout(folder: Path) -> Path | None:
    """The top folder of the git checkout holding the template, if git tracks the template.

    A folder that git does not track (an unpacked zip file) may still lie inside some other
    repository, whose commit would say nothing about the template.
    """
    if git(folder, "ls-files", "--error-unmatch", "cookiecutter.json") is None:
        return None
    top = git(folder, "rev-parse", "--show-toplevel")
    return Path(top).resolve() if top else None


def cruft_record(answers: Mapping[str, Any], folder: Path | None) -> dict[str, Any]:
    """What the project was made from, in the keys and order `cruft create` writes."""
    checkout = git_checkout(folder) if folder else None
    # The user named the template's folder, rather than a URL cookiecutter cloned into its cache.
    named_a_folder = os.path.normpath(answers["_template"]) == os.path.normpath(
        answers["_repo_dir"]
    )
    if folder is None or checkout is None:
        # Not a git checkout (or not found): nothing cruft can clone, no commit.
        source = str(folder) if folder and named_a_folder else answers["_template"]
        commit = directory = None
    else:
        origin = None if named_a_folder else git(checkout, "remote", "get-url", "origin")
        source = origin or str(checkout)
        commit = git(checkout, "rev-parse", "HEAD")
        inner = folder.relative_to(checkout).as_posix()
        directory = None if inner == "." else inner
    context = {key: value for key, value in answers.items() if key not in RUN_DETAILS}
    if folder is not None:
        context = in_template_order(context, folder)
    return {
        "template": source,
        "commit": commit,
        "checkout": answers.get("_checkout"),
        "context": {"cookiecutter": {**context, "_template": source, "_commit": commit}},
        "directory": directory,
        "skip": [],
    }


def record_origin(answers: Mapping[str, Any], root: Path) -> None:
    """Write .cruft.json when cookiecutter itself ran this hook.

    cruft runs the hook with answers of its own (without cookiecutter's _repo_dir): for
    `cruft create`, which writes .cruft.json itself once the hook is done, and for the clean
    copies `cruft update` compares, which must hold none.
    """
    if "_repo_dir" not in answers:
        return
    folder = template_folder(answers["_repo_dir"])
    record = cruft_record(answers, folder)
    text = json.dumps(record, ensure_ascii=False, indent=2, separators=(",", ": "))
    (root / CRUFT_FILE).write_text(text + "\n", encoding="utf-8")
    if record["commit"] is None:
        print(
            f"WARNING: {CRUFT_FILE} records no commit: the template ({record['template']}) is not "
            "a git checkout, or its folder was not found. cruft can check and update only a "
            "project generated from a git checkout or URL of the template (or by cruft create).",
            file=sys.stderr,
        )
    elif folder and git(folder, "status", "--porcelain", "--", "."):
        print(
            f"WARNING: the template has uncommitted changes: {CRUFT_FILE} records commit "
            f"{record['commit']}, which lacks them; cruft update will treat them as your own.",
            file=sys.stderr,
        )


def main(answers: Mapping[str, Any], root: Path) -> int:
    remove_paths(unwanted_domain_paths(answers, root))
    remove_paths(matching_paths(root, unwanted_patterns(answers)))
    remove_empty_folders(root)
    record_origin(answers, root)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(ANSWERS_JSON), Path.cwd()))
