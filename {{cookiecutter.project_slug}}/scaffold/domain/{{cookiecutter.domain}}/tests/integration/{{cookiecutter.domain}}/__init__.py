"""{{ cookiecutter.title }}'s repository and Unit of Work on a real PostgreSQL."""
