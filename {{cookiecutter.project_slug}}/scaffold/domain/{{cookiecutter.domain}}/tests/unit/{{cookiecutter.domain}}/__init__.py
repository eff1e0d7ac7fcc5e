"""{{ cookiecutter.title }}'s domain rules and use cases, without a database."""
