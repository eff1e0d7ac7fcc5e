"""Connected developers: they follow each other on Twitter and share a GitHub organisation."""
