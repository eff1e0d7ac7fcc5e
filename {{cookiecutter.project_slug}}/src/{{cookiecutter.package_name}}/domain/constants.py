"""Constants shared across the domain."""

# Identifiers are UUID strings in their canonical 36-character form.
ID_LENGTH = 36
