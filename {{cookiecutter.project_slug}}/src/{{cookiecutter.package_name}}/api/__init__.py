"""The HTTP edge: controllers, schemas, middleware; it reaches use cases through the container."""
