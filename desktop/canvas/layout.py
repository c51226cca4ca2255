"""Tidy-tree auto-layout: the pure-Python algorithm lives in the domain
(``desktop.domain.tree_layout``), where the cascade's loader can use it too."""

from desktop.domain.tree_layout import LEFT_RIGHT, TOP_DOWN, Position, tidy_tree

__all__ = ["LEFT_RIGHT", "TOP_DOWN", "Position", "tidy_tree"]
