"""The domain: entities, value objects and rules; it imports only the standard library."""
