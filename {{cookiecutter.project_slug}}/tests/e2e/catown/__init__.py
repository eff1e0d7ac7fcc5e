"""Catown's HTTP API end to end: every endpoint and every error it answers."""
