"""TargetFlow: dynamic target cascading, offline first."""

__version__ = "0.1.0"
