"""{{ cookiecutter.title }}'s use cases and the ports they need."""
