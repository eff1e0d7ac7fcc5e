"""Tests of the template: its hooks, what it generates, and the generated projects' own checks."""
