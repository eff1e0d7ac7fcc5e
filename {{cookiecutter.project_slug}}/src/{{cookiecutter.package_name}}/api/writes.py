"""Routes that change state whatever their method, such as a GET that records what it did.

A maintenance window counts their requests as writes (read-only refuses them, the drain waits for
them), and a HEAD request never runs them: HEAD promises to change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

ViewT = TypeVar("ViewT", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MARK = "changes_state"


def writes(view: ViewT) -> ViewT:
    """Mark a view that changes state although its method is safe (GET).

    Any place in a view's decorators will do: functools.wraps carries the mark outwards.
    """
    setattr(view, _MARK, True)
    return view


def changes_state(view: Callable[..., Any] | None) -> bool:
    return bool(getattr(view, _MARK, False))


def is_write_by_method(environ: WSGIEnvironment) -> bool:
    return environ.get("REQUEST_METHOD", "GET") not in SAFE_METHODS


class WriteRoutes:
    """Whether a request, seen before Flask routes it, would run a write."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._marked: tuple[frozenset[str], tuple[str, ...]] | None = None

    def __call__(self, environ: WSGIEnvironment) -> bool:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in SAFE_METHODS:
            return True
        endpoints, prefixes = self._marked_routes()
        # Most safe requests cannot be for a marked route: no routing for them.
        if method == "OPTIONS" or not environ.get("PATH_INFO", "").startswith(prefixes):
            return False
        try:
            adapter = self._app.create_url_adapter(self._app.request_class(environ))
            endpoint, _ = adapter.match() if adapter is not None else (None, None)
        except HTTPException:  # no such route (404, 405) or a redirect: no view runs
            return False
        return endpoint in endpoints

    def _marked_routes(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The marked endpoints, and the fixed start of their rules' paths.

        Routes are all added before the first request (Flask refuses one later): read once.
        """
        if self._marked is None:
            endpoints = frozenset(
                endpoint
                for endpoint, view in self._app.view_functions.items()
                if changes_state(view)
            )
            prefixes = tuple(
                rule.rule.split("<", 1)[0]
                for rule in self._app.url_map.iter_rules()
                if rule.endpoint in endpoints
            )
            self._marked = (endpoints, prefixes)
        return self._marked


def refuse_head_of_writes() -> None:
    """before_request: HEAD would run a write route's view only to throw its body away."""
    if request.method != "HEAD" or request.url_rule is None or request.endpoint is None:
        return
    if changes_state(current_app.view_functions.get(request.endpoint)):
        allowed = sorted((request.url_rule.methods or set()) - {"HEAD"})
        raise MethodNotAllowed(
            valid_methods=allowed,
            description=f"This route changes state, so HEAD does not run it: send {allowed[0]}.",
        )
