"""Where the app's resources (translations, stylesheets, icons) live.

An installed wheel carries ``resources/`` as ``desktop/_resources`` (pyproject's
force-include); a source checkout has it at ``<repo>/resources``. Everything that reads a
resource asks here, so both layouts work without configuration.
"""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def root() -> Path:
    installed = _PACKAGE / "_resources"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


def path(*parts: str) -> Path:
    """A resource file, e.g. ``path("translations", "targetflow_zh_CN.qm")``."""
    return root().joinpath(*parts)


def text(*parts: str) -> str:
    """A text resource (a stylesheet); empty when it is missing, so a broken install
    degrades to the default look instead of failing to start."""
    try:
        return path(*parts).read_text(encoding="utf-8")
    except OSError:
        return ""
