"""Entities and value objects, one subpackage per bounded context."""
