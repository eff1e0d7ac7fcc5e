"""Integration tests: adapters against a real PostgreSQL."""
