"""The open workspace as the UI sees it (being written)."""
