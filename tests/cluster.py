"""A PostgreSQL cluster of a test's own: initdb and pg_ctl of the installed PostgreSQL, on a free
loopback port, in a temporary folder; stopped and removed when the test is done.

initdb refuses to run as root: as root, the cluster runs as the postgres user (its folder is
given to that user). Authentication is trust, on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"


def postgres_bin() -> Path:
    """The folder of initdb and pg_ctl: on PATH, from pg_config, or Debian's newest."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        folder = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if folder and (Path(folder) / "initdb").exists():
            return Path(folder)
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if debian:
        return Path(debian[-1]).parent
    raise LookupError(
        "PostgreSQL's initdb and pg_ctl are needed to test database faults: install the "
        "PostgreSQL server package (Debian: postgresql) so that initdb is found."
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Cluster:
    """One PostgreSQL server: start(), restart(), stop(); url() of a database on it."""

    def __init__(self, **settings: str | int) -> None:
        self.bin = postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="pg_cluster_"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.settings: dict[str, str | int] = {
            "listen_addresses": "127.0.0.1",
            "port": self.port,
            "unix_socket_directories": str(self.folder),
            # Durability is not what these tests measure: no fsync keeps them fast.
            "fsync": "off",
            "max_connections": 100,
            "superuser_reserved_connections": 0,
            **settings,
        }
        self._as_server_user = os.geteuid() == 0
        if self._as_server_user:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_server_user:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{result.stderr}\n{log}")

    def start(self) -> None:
        """Start and wait until the server accepts connections."""
        self._pg_ctl("start")

    def restart(self, **settings: str | int) -> None:
        """Stop (fast: sessions are ended) and start again, with settings changed."""
        self.settings.update(settings)
        self._pg_ctl("-m", "fast", "restart")

    def _pg_ctl(self, *args: str) -> None:
        options = " ".join(f"-c {name}={value}" for name, value in self.settings.items())
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            *args,
        )

    def stop(self) -> None:
        """Stop at once and remove everything; never raises."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"
