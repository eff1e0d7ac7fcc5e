"""Adapters: the database, the mappers and repositories, and clients of other services."""
