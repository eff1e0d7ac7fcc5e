"""The application type: a Flask app that carries the container that built its parts."""

from collections.abc import Callable
from typing import Any

from flask import Flask

from .dependency_container import Container


class ServiceApp(Flask):
    container: Container

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_callables: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's answer, remembered: it asks again for every hook and view on every request,
        and inspecting a function costs more than most hooks do."""
        try:
            return self._sync_callables[func]
        except KeyError:
            synced = self._sync_callables[func] = super().ensure_sync(func)
            return synced
