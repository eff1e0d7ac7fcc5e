"""Tests: unit (no database), integration (real PostgreSQL) and e2e (through the Flask app)."""
