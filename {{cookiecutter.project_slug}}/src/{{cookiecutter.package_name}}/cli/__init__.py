"""The command groups manage.py is made of, and what they share."""
