"""Processes the tests start: manage.py as an operator runs it, and servers on free local ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Mapping

from .database import PROJECT_ROOT


def manage_command(*args: str) -> list[str]:
    """The command line of manage.py with args, run by this interpreter."""
    return [sys.executable, str(PROJECT_ROOT / "manage.py"), *args]


def run_manage(
    *args: str, environ: Mapping[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run manage.py to its end from the project's folder, environ over this process's own."""
    return subprocess.run(
        manage_command(*args),
        capture_output=True,
        text=True,
        env={**os.environ, **environ},
        cwd=PROJECT_ROOT,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    """A local TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
