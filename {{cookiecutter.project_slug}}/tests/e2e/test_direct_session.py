"""DATABASE_DIRECT_URL: the fence and the migrator use it, whatever DATABASE_URL reaches.

DATABASE_URL names a port nothing listens on: whatever still works went through the direct URL.
"""

from __future__ import annotations

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.create_app import create_app

from ..support.maintenance_probe import (
    CHANGE_REVISION,
    ProbeDatabaseTestCase,
    add_probe_routes,
    current_revision,
    fence_sessions,
    invoke,
    test_environment,
)

# Port 1: the connection is refused at once.
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"


class DirectSessionTest(ProbeDatabaseTestCase):
    database_prefix = "direct_session"

    def pooled(self) -> dict[str, str]:
        return {"DATABASE_POOLER": "transaction", "DATABASE_DIRECT_URL": self.url}

    def test_each_process_holds_its_fence_on_the_direct_url(self) -> None:
        settings = Settings.from_environment(
            {**test_environment(UNREACHABLE), **self.pooled(), "LOG_LEVEL": "CRITICAL"}
        )
        app = create_app(settings)
        add_probe_routes(app)
        self.addCleanup(app.shutdown)
        # The gate takes the fence before letting the request in: a fence on DATABASE_URL
        # could not be taken, and the request would get the gate's 503.
        self.assertEqual(app.test_client().get("/probe/echo").status_code, 200)
        self.assertEqual(fence_sessions(self.url), 1)

    def test_the_migrator_runs_on_the_direct_url(self) -> None:
        result = invoke(
            "db",
            "--directory",
            str(self.migrations),
            "upgrade",
            database_url=UNREACHABLE,
            **self.pooled(),
        )
        self.assertEqual(result.exit_code, 0, result.output)
        self.assertEqual(current_revision(self.url), CHANGE_REVISION)
