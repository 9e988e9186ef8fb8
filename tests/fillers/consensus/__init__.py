"""Fillers for the consensus area: event acceptance, commit decisions, evidence."""
