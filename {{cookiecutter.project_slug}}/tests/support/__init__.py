"""Shared test helpers: the run's database and base test cases."""
