"""Connected developers: the use cases and the ports they need."""
