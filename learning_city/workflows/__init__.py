"""Workflows the code needs, found by a handle rather than by the name administrators see and may change."""
