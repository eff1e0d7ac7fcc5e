"""The stopping flag: raised in the gunicorn master, read by the workers it forked."""

import importlib.util
import subprocess
import sys
import textwrap
import unittest
from pathlib import Path
from types import ModuleType, SimpleNamespace
from unittest import mock

from {{ cookiecutter.package_name }}.shutdown import ServingProbe

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"

# The master raises the flag after forking its workers; each worker must see it.
FORKED_WORKER_SEES_THE_FLAG = textwrap.dedent(
    """
    import os, sys, time
    from {{ cookiecutter.package_name }}.shutdown import is_draining, start_draining

    child = os.fork()
    if child == 0:
        deadline = time.monotonic() + 10
        while not is_draining() and time.monotonic() < deadline:
            time.sleep(0.01)
        os._exit(0 if is_draining() else 1)
    start_draining()
    _, status = os.waitpid(child, 0)
    sys.exit(os.waitstatus_to_exitcode(status))
    """
)


class ShutdownFlagTest(unittest.TestCase):
    def test_a_worker_forked_before_the_flag_is_raised_sees_it(self) -> None:
        # In a process of its own: the flag cannot be lowered once raised.
        result = subprocess.run(
            [sys.executable, "-c", FORKED_WORKER_SEES_THE_FLAG],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_serving_probe_is_ready_while_the_flag_is_down(self) -> None:
        self.assertIsNone(ServingProbe().problem())


def gunicorn_conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", GUNICORN_CONF)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class WorkerExitTest(unittest.TestCase):
    def test_a_workers_exit_shuts_its_app_down(self) -> None:
        app = mock.Mock()
        gunicorn_conf().worker_exit(server=None, worker=SimpleNamespace(wsgi=app))
        app.shutdown.assert_called_once_with()

    def test_the_masters_call_without_an_app_does_nothing(self) -> None:
        gunicorn_conf().worker_exit(server=None, worker=SimpleNamespace())
