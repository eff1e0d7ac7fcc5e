"""The generated CI workflow and Dependabot file: zizmor (offline) finds nothing in them, the
Dependabot file fits its schema, the workflow runs what the README promises, and ci=none leaves
neither file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import render

WORKFLOW = Path(".github/workflows/ci.yml")
DEPENDABOT = Path(".github/dependabot.yml")
# An action pinned to a full commit SHA, its release named in the comment.
PINNED_ACTION = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")
# The generated README's one-line linter command.
README_LINTERS = re.compile(r"Linters: `([^`]+)`")


def console_script(name: str) -> str:
    """A tool installed beside the interpreter running the tests, else the one on the PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise LookupError(f"{name} is needed: pip install -r tests/requirements.txt")
    return found


@pytest.fixture(scope="module", params=["yes", "no"], ids=lambda value: f"use_docker={value}")
def github_project(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return render(tmp_path_factory.mktemp("project"), ci="github", use_docker=request.param)


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_zizmor_finds_nothing_in_the_workflow_or_the_dependabot_file(github_project: Path) -> None:
    # No configuration file and no inline ignore comments: nothing can hide a finding; and a file
    # zizmor cannot read is an error rather than skipped with a warning.
    result = subprocess.run(
        [
            console_script("zizmor"),
            "--offline",
            "--no-config",
            "--no-ignores",
            "--strict-collection",
            "--format",
            "json",
            str(WORKFLOW),
            str(DEPENDABOT),
        ],
        cwd=github_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip(), f"zizmor audited nothing:\n{result.stderr}"
    findings = [
        f"{finding['ident']}: {finding['desc']} ({finding['locations'][0]['concrete']['feature']})"
        for finding in json.loads(result.stdout)
    ]
    assert findings == []
    assert result.returncode == 0, result.stderr


def test_dependabot_file_fits_its_schema(github_project: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.dependabot",
            str(DEPENDABOT),
        ],
        cwd=github_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_updates_each_ecosystem_weekly_in_one_group(github_project: Path) -> None:
    updates = read_yaml(github_project / DEPENDABOT)["updates"]
    expected = {"github-actions", "pip"}
    if (github_project / "Dockerfile").exists():
        expected.add("docker")
    assert {update["package-ecosystem"] for update in updates} == expected
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]


def test_every_action_is_pinned_to_a_commit_with_its_release(github_project: Path) -> None:
    text = (github_project / WORKFLOW).read_text(encoding="utf-8")
    jobs = read_yaml(github_project / WORKFLOW)["jobs"]
    actions = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    uses_lines = re.findall(r"^\s*(?:- )?uses:\s*(.*)$", text, re.MULTILINE)
    assert actions and len(uses_lines) == len(actions)
    for line in uses_lines:
        assert PINNED_ACTION.fullmatch(line), line


def test_workflow_is_bounded_and_cancels_superseded_pull_request_runs(github_project: Path) -> None:
    workflow = read_yaml(github_project / WORKFLOW)
    assert workflow["permissions"] == {"contents": "read"}
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    assert "pull_request" in str(workflow["concurrency"]["cancel-in-progress"])
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} has no timeout"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_workflow_runs_the_checks_the_readme_promises(github_project: Path) -> None:
    readme = (github_project / "README.md").read_text(encoding="utf-8")
    linters = README_LINTERS.search(readme)
    assert linters, "the README no longer gives its linter command"
    promised = [*linters.group(1).split(" && "), "python -m unittest"]
    (job,) = read_yaml(github_project / WORKFLOW)["jobs"].values()
    commands = [step["run"].strip() for step in job["steps"] if "run" in step]
    assert [command for command in commands if command in promised] == promised
    assert "postgres" in job["services"]
    assert job["env"]["TEST_DATABASE_URL"].startswith("postgresql://")


@pytest.mark.parametrize("use_docker", ["yes", "no"])
def test_no_ci_leaves_neither_workflow_nor_dependabot_file(tmp_path: Path, use_docker: str) -> None:
    project = render(tmp_path, ci="none", use_docker=use_docker)
    assert not (project / WORKFLOW).exists()
    assert not (project / DEPENDABOT).exists()
    assert not (project / ".github").exists()
