"""db lint: which pending migrations need a maintenance window, found by squawk in their SQL.

Each revision's PostgreSQL SQL (Alembic's --sql mode) goes through squawk, assumed inside one
transaction as db upgrade runs it. Only the rules below count: statements that hold a lock
for as long as a table takes to scan, rewrite or index, and statements the running code does
not survive. The rules left out are about style or are covered by db upgrade itself (it sets
lock_timeout and statement_timeout, and runs every revision in one transaction).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .migration_sql import OfflineSqlError, revision_sql, statements
from .migrations import MigrationError, MigrationRunner

LOCKS = "long lock"
BREAKS = "breaks running code"
# squawk rule -> why the statement needs a window.
WINDOW_RULES = {
    "adding-field-with-default": LOCKS,  # a volatile default rewrites the table
    "adding-foreign-key-constraint": LOCKS,  # both tables locked while every row is checked
    "constraint-missing-not-valid": LOCKS,  # writes wait while the table is scanned
    "adding-not-nullable-field": LOCKS,  # SET NOT NULL scans under an exclusive lock
    "adding-serial-primary-key-field": LOCKS,  # the key's index is built under an exclusive lock
    "changing-column-type": LOCKS,  # most type changes rewrite the table
    "disallowed-unique-constraint": LOCKS,  # its index is built under an exclusive lock
    "require-concurrent-index-creation": LOCKS,  # writes wait while the index is built
    "require-concurrent-index-deletion": LOCKS,  # exclusive lock until the index is gone
    "require-concurrent-reindex": LOCKS,
    "require-concurrent-partition-detach": LOCKS,
    "ban-concurrent-index-creation-in-transaction": LOCKS,  # cannot run in db upgrade at all
    "adding-required-field": BREAKS,  # the running code's inserts fail
    "renaming-column": BREAKS,
    "renaming-table": BREAKS,
    "ban-drop-column": BREAKS,
    "ban-drop-table": BREAKS,
}
SQUAWK_MISSING = "squawk is not installed: install the project again (pip install -e '.[dev]')"


@dataclass(frozen=True)
class Finding:
    rule: str
    kind: str
    statement: str
    message: str
    advice: str


@dataclass
class Verdict:
    """What squawk found in one revision; error when it could not be linted."""

    revision: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @property
    def needs_window(self) -> bool:
        return bool(self.findings) or self.error is not None


def squawk_path() -> str | None:
    """squawk from this environment's scripts folder, else from PATH."""
    here = Path(sysconfig.get_path("scripts")) / "squawk"
    return str(here) if here.exists() else shutil.which("squawk")


def lint(
    runner: MigrationRunner, revisions: list[str], pg_version: str | None = None
) -> list[Verdict]:
    """One verdict per revision, in order. Raises MigrationError when squawk cannot run."""
    squawk = squawk_path()
    if squawk is None:
        raise MigrationError(SQUAWK_MISSING)
    verdicts = {revision: Verdict(revision) for revision in revisions}
    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="squawk-") as folder:
        files = []
        for revision in revisions:
            try:
                texts[revision] = revision_sql(runner, revision)
            except OfflineSqlError as error:
                verdicts[revision].error = str(error)
                continue
            path = Path(folder) / f"{revision}.sql"
            path.write_text(texts[revision])
            files.append(path)
        for report in _run_squawk(squawk, files, pg_version) if files else []:
            revision = Path(report["file"]).stem
            _add(verdicts[revision], texts[revision], report)
    return [verdicts[revision] for revision in revisions]


def _run_squawk(squawk: str, files: list[Path], pg_version: str | None) -> list[dict[str, str]]:
    command = [squawk, "--reporter", "json", "--assume-in-transaction"]
    if pg_version:
        command.append(f"--pg-version={pg_version}")
    result = subprocess.run(  # noqa: S603 - our own file paths, no shell
        [*command, *map(str, files)], capture_output=True, text=True, check=False, timeout=120
    )
    try:
        reports: list[dict[str, str]] = json.loads(result.stdout or "[]")
    except json.JSONDecodeError as error:
        reason = (result.stderr or result.stdout).strip().splitlines()[:1]
        raise MigrationError(f"squawk failed: {' '.join(reason) or error}") from error
    return reports


def _add(verdict: Verdict, sql: str, report: dict[str, str]) -> None:
    rule = report["rule_name"]
    line = int(report["line"])
    statement = _statement_at(sql, line)
    if rule == "syntax-error":
        verdict.error = f"squawk cannot read the SQL ({report['message']}): {statement}"
        return
    if rule not in WINDOW_RULES:
        return
    verdict.findings.append(
        Finding(rule, WINDOW_RULES[rule], statement, report["message"], report.get("help") or "")
    )


def _statement_at(sql: str, line: int) -> str:
    found = ""
    for statement in statements(sql):
        if statement.first_line > line:
            break
        found = statement.sql
    return " ".join(found.split())


def report_lines(verdicts: list[Verdict], limit: int = 160) -> list[str]:
    """Per revision: its verdict, then each flagged statement with squawk's advice."""
    lines = []
    for verdict in verdicts:
        if verdict.error:
            lines.append(f"{verdict.revision}: not linted, review it by hand: {verdict.error}")
        elif not verdict.findings:
            lines.append(f"{verdict.revision}: no long lock, no table rewrite")
        else:
            lines.append(f"{verdict.revision}: needs a window")
        for finding in verdict.findings:
            statement = _shorten(finding.statement, limit)
            lines.append(f"  {statement}")
            advice = f" {finding.advice}" if finding.advice else ""
            lines.append(f"    [{finding.rule}, {finding.kind}] {finding.message}{advice}")
    return lines


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
