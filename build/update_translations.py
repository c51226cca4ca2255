"""Refresh the translation catalogue and compile it.

1. ``pyside6-lupdate`` collects every translatable string of desktop/ (Python) and ui/
   (Designer forms) into resources/translations/targetflow_zh_CN.ts, keeping the
   translations already made and marking new strings unfinished;
2. translate those (Qt Linguist: ``.venv/bin/pyside6-linguist <the .ts>``);
3. ``pyside6-lrelease`` compiles the .ts into the .qm the app loads.

Run: ``.venv/bin/python build/update_translations.py``. tests/gui/test_translations.py
fails when a string is untranslated or the .qm is older than the .ts.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else (shutil.which(name) or name)


def sources() -> list[Path]:
    """Python modules with UI strings (the generated forms are covered by their .ui)."""
    generated = ROOT / "desktop" / "widgets" / "forms"
    python = [p for p in sorted((ROOT / "desktop").rglob("*.py"))
              if generated not in p.parents and "_resources" not in p.parts]
    return python + sorted((ROOT / "ui").glob("*.ui"))


def catalogue(lang: str) -> Path:
    return TRANSLATIONS / f"targetflow_{lang}.ts"


def update(ts: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *files,
                    "-ts", str(ts)], check=True, cwd=ROOT, capture_output=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                   check=True, cwd=ROOT)


def main() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = catalogue(lang)
        update(ts)
        release(ts, ts.with_suffix(".qm"))
        print(f"{ts.relative_to(ROOT)} -> {ts.with_suffix('.qm').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
