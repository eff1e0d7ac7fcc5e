"""{{ cookiecutter.title }}: items kept in stock, whose quantity never goes below zero."""
