"""Connected developers: the GitHub and Twitter adapters, live over HTTP or from sample data."""
