"""The application type: a Flask app that carries the container that built its parts."""

from flask import Flask

from .dependency_container import Container


class ServiceApp(Flask):
    container: Container

    def shutdown(self) -> None:
        """Let go of the maintenance fence and close the pooled connections (a worker's exit)."""
        self.container.maintenance_gate().close()
        self.container.engine().dispose()
