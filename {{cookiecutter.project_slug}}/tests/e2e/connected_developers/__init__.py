"""Connected developers over HTTP: every answer checked against the original OpenAPI contract."""
