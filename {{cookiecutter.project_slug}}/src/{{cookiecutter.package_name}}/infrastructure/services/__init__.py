"""Clients of third-party services behind the ports the use cases define."""
