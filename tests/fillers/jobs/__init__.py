"""Fillers for the jobs area: job specifications, registry, discovery, matching."""
