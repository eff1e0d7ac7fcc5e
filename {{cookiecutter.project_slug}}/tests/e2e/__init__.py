"""End-to-end tests: HTTP requests through the whole application on a real PostgreSQL."""
