"""Composition root (being written)."""
