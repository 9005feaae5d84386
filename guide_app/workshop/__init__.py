"""Advisor workshops: rooms joined by code, live aggregates on the big screen, leads that convert."""
