"""Catown: cats with natures living in houses of four, and how well they get along."""
