"""Connected developers: the register on PostgreSQL, the HTTP adapters against a local upstream."""
