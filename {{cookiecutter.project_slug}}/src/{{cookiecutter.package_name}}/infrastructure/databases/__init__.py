"""Database engine, metadata, migrations and readiness."""
