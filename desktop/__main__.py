"""`python -m desktop` runs the same entry point as the `targetflow` script."""

from desktop.cli import main

raise SystemExit(main())
