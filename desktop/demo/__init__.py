"""The demo company of SPEC §7: a deterministic generator of a whole workspace.

``generate(path, scale=None, seed=7)`` writes the mid-size SaaS company (6 regions,
87 reps, 2025-Q1 and Q2, the Q2 switch to the high-margin line, East and South China as
the pilot) as raw facts only; ``scale`` builds a company of about that many units.
"""

from desktop.demo.generator import DemoSummary, generate

__all__ = ["DemoSummary", "generate"]
