"""What the template generates: every option renders cleanly, the same answers give the same bytes,
unchosen parts leave no trace, and bad answers stop generation and leave nothing behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .support import (
    SCAFFOLD,
    TEMPLATE_MARKERS,
    TEMPLATE_ROOT,
    project_files,
    render,
    rendered_files,
    tree_snapshot,
)

OPTIONS = json.loads((TEMPLATE_ROOT / "cookiecutter.json").read_text())
CHOICE_VALUES = [
    (name, value)
    for name, values in OPTIONS.items()
    if isinstance(values, list)
    for value in values
]
# Words that only an example domain's code uses; none may remain when it is not chosen.
DOMAIN_TRACES = {
    "catown": ("catown", "add_cat", "create_house", "/houses", "LEADER_OF_THE_GANG"),
    "connected_developers": (
        "connected_developers",
        "connected/realtime",
        "twitter",
        "GITHUB_TOKEN",
    ),
}


@pytest.mark.parametrize(("option", "value"), CHOICE_VALUES)
def test_every_option_value_renders_without_template_markers(
    cookies, option: str, value: str
) -> None:
    result = cookies.bake(extra_context={option: value})
    assert result.exit_code == 0, result.exception
    project = Path(result.project_path)
    for path in rendered_files(project):
        text = path.read_text(encoding="utf-8")
        leftovers = TEMPLATE_MARKERS.findall(text)
        assert not leftovers, f"{path.relative_to(project)} keeps template markers {leftovers}"


def test_rendered_python_files_compile(cookies) -> None:
    result = cookies.bake()
    project = Path(result.project_path)
    for path in rendered_files(project):
        if path.suffix == ".py":
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_the_domain_scaffold_is_copied_without_rendering(cookies) -> None:
    """manage.py domain new renders it later: generation copies it byte for byte."""
    project = Path(cookies.bake().project_path)
    template = TEMPLATE_ROOT / "{{cookiecutter.project_slug}}" / SCAFFOLD
    copied = project / SCAFFOLD
    assert tree_snapshot(copied) == tree_snapshot(template)
    assert list(copied.rglob("*{{cookiecutter.domain}}*")), "the scaffold's names are templates"


@pytest.mark.parametrize("domains", ["all", "catown", "connected_developers", "none"])
def test_same_answers_give_byte_identical_projects(tmp_path: Path, domains: str) -> None:
    first = render(tmp_path / "first", example_domains=domains)
    second = render(tmp_path / "second", example_domains=domains)
    assert tree_snapshot(first) == tree_snapshot(second)


@pytest.mark.parametrize("domains", ["catown", "connected_developers", "none"])
def test_an_unchosen_domain_leaves_no_trace(cookies, domains: str) -> None:
    project = Path(cookies.bake(extra_context={"example_domains": domains}).project_path)
    chosen = {"catown", "connected_developers"} if domains == "all" else {domains}
    for domain, traces in DOMAIN_TRACES.items():
        if domain in chosen:
            continue
        for path in project_files(project):
            relative = str(path.relative_to(project))
            assert domain not in relative
            text = path.read_text(encoding="utf-8")
            found = [trace for trace in traces if trace.lower() in text.lower()]
            assert not found, f"{relative} mentions {found} though {domain} was not chosen"


PROJECT_TEMPLATE = TEMPLATE_ROOT / "{{cookiecutter.project_slug}}"
DOMAIN_OWNED = ("catown", "connected_developers")


def test_no_python_file_the_template_owns_names_a_domain() -> None:
    """Domains are found at start: shared Python names none, nor chooses by the answer."""
    for path in sorted(PROJECT_TEMPLATE.rglob("*.py")):
        relative = path.relative_to(PROJECT_TEMPLATE)
        if any(part.split(".")[0] in DOMAIN_OWNED for part in relative.parts):
            continue
        text = path.read_text(encoding="utf-8")
        assert "example_domains" not in text, f"{relative} chooses by example_domains"
        named = [domain for domain in DOMAIN_OWNED if domain in text]
        assert not named, f"{relative} names {named}"


def test_no_docker_and_no_ci_remove_their_files(cookies) -> None:
    project = Path(cookies.bake(extra_context={"use_docker": "no", "ci": "none"}).project_path)
    for name in (
        "Dockerfile",
        ".dockerignore",
        "docker-compose.yml",
        ".env.compose",
        "deploy",
        ".github",
    ):
        assert not (project / name).exists(), name
    assert not (project / "scripts").exists()
    readme = (project / "README.md").read_text()
    assert "docker compose" not in readme
    assert "kubectl" not in readme


def run_cookiecutter_cli(output_dir: Path, *answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            "--no-input",
            "-o",
            str(output_dir),
            str(TEMPLATE_ROOT),
            *answers,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("project_slug=My Service!", "Type, for example, 'my-service'"),
        ("package_name=json", "would shadow the standard library"),
        ("package_name=class", "keyword"),
        ("package_name=tests", "reserved"),
        ("version=soon", "Type, for example, '0.1.0'"),
        ("author_email=nobody", "Type, for example, 'you@example.com'"),
        ("python_version=2.7", "the choices are"),
        ("example_domains=dogs", "the choices are"),
    ],
)
def test_bad_answer_stops_generation_and_leaves_no_folder(
    tmp_path: Path, answer: str, expected: str
) -> None:
    result = run_cookiecutter_cli(tmp_path, answer)
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []
