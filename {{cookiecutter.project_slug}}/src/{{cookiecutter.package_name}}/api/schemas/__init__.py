"""Marshmallow schemas that validate requests and shape responses (and the OpenAPI document)."""
