"""Adding and removing domains: which files a domain owns, the scaffold and the removal."""
