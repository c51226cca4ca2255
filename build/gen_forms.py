"""Compile the Qt Designer forms in ui/*.ui into desktop/widgets/forms/ui_*.py.

Run after editing a form: ``.venv/bin/python build/gen_forms.py``. The generated modules
are committed (so running the app needs no build step); tests/gui/test_forms_fresh.py
fails when one is out of date.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "ui"
OUT = ROOT / "desktop" / "widgets" / "forms"


def uic() -> str:
    found = Path(sys.executable).with_name("pyside6-uic")
    return str(found) if found.exists() else (shutil.which("pyside6-uic") or "pyside6-uic")


def target(form: Path, out_dir: Path = OUT) -> Path:
    return out_dir / f"ui_{form.stem}.py"


def compile_form(form: Path, out_dir: Path = OUT) -> Path:
    out = target(form, out_dir)
    subprocess.run([uic(), "--generator", "python", str(form), "-o", str(out)], check=True)
    return out


def main() -> int:
    for form in sorted(FORMS.glob("*.ui")):
        print(f"{form.relative_to(ROOT)} -> {compile_form(form).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
