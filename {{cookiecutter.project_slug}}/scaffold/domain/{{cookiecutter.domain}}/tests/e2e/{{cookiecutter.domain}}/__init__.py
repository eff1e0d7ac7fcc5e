"""{{ cookiecutter.title }}'s HTTP API end to end: every endpoint and the errors it answers."""
