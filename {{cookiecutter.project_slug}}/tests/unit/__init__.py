"""Unit tests: the domain and the use cases, with fakes behind the ports; no database."""
