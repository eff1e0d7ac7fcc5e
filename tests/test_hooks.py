"""Unit tests of the hooks' functions, imported from the unrendered hook files."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .support import TEMPLATE_ROOT


def load_hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TEMPLATE_ROOT / "hooks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pre_gen = load_hook("pre_gen_project")
post_gen = load_hook("post_gen_project")

GOOD_ANSWERS = {
    "project_name": "Cat Service",
    "project_slug": "cat-service",
    "package_name": "cat_service",
    "author_email": "me@example.com",
    "version": "0.1.0",
    "python_version": "3.12",
    "example_domains": "all",
    "license": "MIT",
    "use_docker": "yes",
    "ci": "github",
}


def test_good_answers_have_no_errors() -> None:
    assert pre_gen.answer_errors(GOOD_ANSWERS) == []
    assert pre_gen.main(GOOD_ANSWERS) == 0


@pytest.mark.parametrize(
    ("slug", "suggestion"),
    [
        ("My Service", "my-service"),
        ("9lives", "lives"),
        ("cat--town", "cat-town"),
        ("-", "my-service"),
    ],
)
def test_bad_slug_is_refused_with_a_suggestion(slug: str, suggestion: str) -> None:
    [error] = pre_gen.project_slug_errors(slug)
    assert repr(suggestion) in error


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("class", "keyword"),
        ("json", "standard library"),
        ("tests", "reserved"),
        ("flask", "reserved"),
        ("my-service", "not a valid Python package name"),
        ("My_Service", "not a valid Python package name"),
        ("1abc", "not a valid Python package name"),
    ],
)
def test_bad_package_name_is_refused_with_the_reason_and_a_fix(name: str, reason: str) -> None:
    [error] = pre_gen.package_name_errors(name)
    assert reason in error
    suggestion = error.split("Type, for example, ")[1].strip(".'")
    assert pre_gen.package_name_errors(suggestion) == []


def test_every_problem_gets_its_own_message() -> None:
    answers = {**GOOD_ANSWERS, "project_slug": "Bad Slug", "version": "one", "author_email": "x"}
    errors = pre_gen.answer_errors(answers)
    assert len(errors) == 3
    assert all("Type" in error for error in errors)


def test_unknown_choice_lists_the_choices() -> None:
    [error] = pre_gen.choice_errors({**GOOD_ANSWERS, "python_version": "2.7"})
    assert "'3.10'" in error
    assert "'3.13'" in error


def test_main_reports_errors_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert pre_gen.main({**GOOD_ANSWERS, "package_name": "json"}) == 1
    assert "ERROR: package_name 'json'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("answers", "removed"),
    [
        ({"use_docker": "yes", "ci": "github"}, []),
        ({"use_docker": "no", "ci": "none"}, ["Dockerfile", "deploy", ".github"]),
    ],
)
def test_unchosen_parts_are_selected_for_removal(
    answers: dict[str, str], removed: list[str]
) -> None:
    patterns = post_gen.unwanted_patterns(answers)
    assert all(pattern in patterns for pattern in removed)
    if not removed:
        assert patterns == []


OWNERSHIP = (
    TEMPLATE_ROOT.joinpath(
        "{{cookiecutter.project_slug}}", "src", "{{cookiecutter.package_name}}", "domain_tooling"
    )
    / "ownership.py"
)


def test_removal_takes_every_path_a_domain_owns_and_the_folders_it_empties(
    tmp_path: Path,
) -> None:
    (tmp_path / "src/pkg/domain_tooling").mkdir(parents=True)
    (tmp_path / "src/pkg/domain_tooling/ownership.py").write_text(OWNERSHIP.read_text())
    for relative in (
        "src/pkg/api/controllers/catown.py",
        "src/pkg/api/controllers/health.py",
        "src/pkg/domain/models/catown/house.py",
        "src/pkg/catownish.py",
        "tests/unit/catown/test_house.py",
        "migrations/versions/catown/0001_catown_houses.py",
        "migrations/versions/core/0001_core_service_context.py",
        "docs/domains/catown.md",
        "scripts/run_postgres.sh",
        "Dockerfile",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    answers = {
        "example_domains": "connected_developers",
        "package_name": "pkg",
        "use_docker": "no",
        "ci": "github",
    }
    post_gen.main(answers, tmp_path)
    remaining = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert remaining == [
        "migrations/versions/core/0001_core_service_context.py",
        "src/pkg/api/controllers/health.py",
        "src/pkg/catownish.py",  # named like the domain, not after it
        "src/pkg/domain_tooling/ownership.py",
    ]
    assert not (tmp_path / "scripts").exists()
    assert not (tmp_path / "tests").exists()
    assert not (tmp_path / "docs").exists()


def test_a_package_named_like_an_example_domain_is_not_removed_with_it(tmp_path: Path) -> None:
    package = tmp_path / "src/catown"
    (package / "domain_tooling").mkdir(parents=True)
    (package / "domain_tooling/ownership.py").write_text(OWNERSHIP.read_text())
    (package / "app.py").write_text("x")
    answers = {"example_domains": "none", "package_name": "catown", "use_docker": "yes"}
    post_gen.main({**answers, "ci": "github"}, tmp_path)
    assert (package / "app.py").exists()


def test_template_python_is_lint_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "hooks", "tests"],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def make_template(folder: Path, *, commit: bool) -> str | None:
    """A folder cookiecutter would take for a template; committed to git, its commit."""
    folder.mkdir(parents=True)
    (folder / "cookiecutter.json").write_text('{"project_name": "x", "_copy_without_render": []}')
    if not commit:
        return None
    identity = ["-c", "user.name=Template Tests", "-c", "user.email=tests@example.com"]
    for command in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "Template"]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return post_gen.git(folder, "rev-parse", "HEAD")


def answers_from(template: str, repo_dir: str) -> dict[str, object]:
    """The answers as the hook gets them from cookiecutter: sorted, with its notes on the run."""
    return {
        "_checkout": None,
        "_copy_without_render": [],
        "_output_dir": "/elsewhere",
        "_repo_dir": repo_dir,
        "_template": template,
        "project_name": "x",
    }


def test_a_template_typed_as_a_relative_path_is_found_from_where_the_hook_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_template(tmp_path / "template", commit=False)
    monkeypatch.chdir(tmp_path / "template")
    # This process stands for cookiecutter, which runs the hook from inside the template.
    monkeypatch.setattr(post_gen.os, "getppid", post_gen.os.getpid)
    monkeypatch.delenv("PWD", raising=False)
    assert post_gen.template_folder(".") == (tmp_path / "template").resolve()


def test_without_proc_the_shell_says_where_cookiecutter_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_template(tmp_path / "template", commit=False)
    monkeypatch.setattr(post_gen.os, "getppid", lambda: 0)  # no /proc/0
    monkeypatch.setenv("PWD", str(tmp_path))
    assert post_gen.template_folder("template") == (tmp_path / "template").resolve()
    assert post_gen.template_folder("elsewhere") is None


def test_a_folder_outside_git_records_no_commit_and_says_cruft_cannot_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "template"
    make_template(template, commit=False)
    post_gen.record_origin(answers_from(str(template), str(template)), tmp_path)
    record = json.loads((tmp_path / ".cruft.json").read_text())
    assert (record["template"], record["commit"]) == (str(template.resolve()), None)
    assert "records no commit" in capsys.readouterr().err


def test_a_template_untracked_inside_another_repository_records_no_commit(tmp_path: Path) -> None:
    make_template(tmp_path / "home", commit=True)  # some repository, not the template's
    template = tmp_path / "home" / "unpacked"
    make_template(template, commit=False)
    record = post_gen.cruft_record(answers_from(str(template), str(template)), template)
    assert (record["template"], record["commit"]) == (str(template), None)


def test_a_git_checkout_records_its_path_and_commit_and_warns_of_uncommitted_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "template"
    commit = make_template(template, commit=True)
    post_gen.record_origin(answers_from(str(template), str(template)), tmp_path)
    record = json.loads((tmp_path / ".cruft.json").read_text())
    assert (record["template"], record["commit"]) == (str(template.resolve()), commit)
    assert record["context"]["cookiecutter"] == {
        "project_name": "x",
        "_copy_without_render": [],
        "_template": str(template.resolve()),
        "_commit": commit,
    }
    assert capsys.readouterr().err == ""
    (template / "cookiecutter.json").write_text('{"project_name": "y"}')
    post_gen.record_origin(answers_from(str(template), str(template)), tmp_path)
    assert "uncommitted changes" in capsys.readouterr().err


def test_a_url_cookiecutter_cloned_is_recorded_as_the_url(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    commit = make_template(upstream, commit=True)
    clone = tmp_path / "cookiecutters" / "upstream"
    subprocess.run(["git", "clone", "-q", str(upstream), str(clone)], check=True)
    record = post_gen.cruft_record(answers_from("gh:someone/upstream", str(clone)), clone)
    assert (record["template"], record["commit"]) == (str(upstream), commit)


def test_cruft_s_own_runs_of_the_hook_write_no_record(tmp_path: Path) -> None:
    # cruft gives the hook its answers without cookiecutter's _repo_dir, and writes its own file.
    answers = {"project_name": "x", "_template": "/template", "_commit": "0" * 40}
    post_gen.record_origin(answers, tmp_path)
    assert not (tmp_path / ".cruft.json").exists()
