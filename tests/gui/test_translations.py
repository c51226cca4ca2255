"""The Simplified Chinese catalogue is complete and compiled: every string of the UI
is in the .ts, every message there is translated, and the .qm matches the .ts."""

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "targetflow_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{\w+\}")


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "build" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated():
    messages = _messages(TS)
    assert len(messages) > 40
    untranslated = [(ctx, src) for ctx, src, tr in messages
                    if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished")
                    or not (tr.text or "").strip()]
    assert untranslated == []


def test_translations_keep_placeholders_and_mnemonics():
    for ctx, source, translation in _messages(TS):
        assert sorted(PLACEHOLDER.findall(source)) == sorted(
            PLACEHOLDER.findall(translation.text)), (ctx, source)
        if re.search(r"&\w", source):
            assert re.search(r"&\w", translation.text), (ctx, source)


def test_catalogue_covers_every_source_string(tmp_path):
    """lupdate on the current sources finds nothing the committed .ts lacks."""
    script = _script()
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    script.update(fresh)
    before = {(c, s) for c, s, _ in _messages(TS)}
    after = {(c, s) for c, s, _ in _messages(fresh)}
    assert after - before == set(), "new strings: run build/update_translations.py"
    assert before - after == set(), "strings gone from the code: run update_translations.py"


def test_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / QM.name
    _script().release(TS, fresh)
    assert QM.read_bytes() == fresh.read_bytes(), "run build/update_translations.py"


@pytest.mark.usefixtures("qapp")
def test_compiled_catalogue_loads():
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"  # not installed
