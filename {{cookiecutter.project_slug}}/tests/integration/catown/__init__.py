"""Catown's repositories, Unit of Work and locking on a real PostgreSQL."""
