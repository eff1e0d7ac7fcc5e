"""SQLAlchemy implementations of the repository and Unit of Work ports."""
