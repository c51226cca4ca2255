"""The layer contracts (import-linter) and the lint rules (ruff) are part of the tests, so
a change that breaks ARCHITECTURE.md's arrows fails like any other bug."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_layer_contracts_hold():
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "desktop", "tests", "build"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_imports_no_qt():
    """Headless commands start fast and work without a display: importing the CLI must
    not pull in Qt, pandas or pyqtgraph."""
    code = ("import sys, desktop.cli; "
            "bad = [m for m in ('PySide6', 'pandas', 'pyqtgraph') if m in sys.modules]; "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
