"""Blueprints, one module per bounded context; the container wires this package."""
