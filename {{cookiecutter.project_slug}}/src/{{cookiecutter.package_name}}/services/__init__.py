"""Use cases and the ports they need; no framework, database or HTTP library here."""
