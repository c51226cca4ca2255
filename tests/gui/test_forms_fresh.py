"""The committed modules in desktop/widgets/forms/ are what pyside6-uic makes of ui/*.ui:
a form edited without running build/gen_forms.py fails here."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / "ui").glob("*.ui"))


def _gen_forms():
    spec = importlib.util.spec_from_file_location("gen_forms", ROOT / "build" / "gen_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _code(path: Path) -> list[str]:
    """The generated code without uic's banner (it names the uic version)."""
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("##")]


def test_there_are_forms():
    assert any(f.stem == "preferences_dialog" for f in FORMS)


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_generated_form_is_up_to_date(form, tmp_path):
    gen = _gen_forms()
    committed = gen.target(form)
    assert committed.exists(), f"run build/gen_forms.py: {committed.name} is missing"
    fresh = gen.compile_form(form, tmp_path)
    assert _code(committed) == _code(fresh), (
        f"{committed.relative_to(ROOT)} is stale: run .venv/bin/python build/gen_forms.py")


def test_no_orphan_generated_forms():
    stems = {f"ui_{f.stem}" for f in FORMS}
    generated = {p.stem for p in (ROOT / "desktop" / "widgets" / "forms").glob("ui_*.py")}
    assert generated <= stems, f"generated forms without a .ui: {generated - stems}"
