"""The application type: a Flask app that carries the container that built its parts."""

from flask import Flask

from .dependency_container import Container


class ServiceApp(Flask):
    container: Container
