"""Ids, events and the layer rule of desktop.domain."""

import subprocess
import sys
import uuid

from desktop.domain.events import ChangeEvent, ChangeKind, EventHub
from desktop.domain.ids import is_id, new_id


def test_new_ids_are_canonical_uuid4_and_distinct():
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    sample = next(iter(ids))
    assert is_id(sample) and uuid.UUID(sample).version == 4


def test_is_id_refuses_non_canonical_text():
    good = new_id()
    assert not is_id(good.upper())
    assert not is_id(good.replace("-", ""))
    assert not is_id("{" + good + "}")
    assert not is_id("")
    assert not is_id(None)  # type: ignore[arg-type]


def test_event_hub_delivers_in_order_and_tolerates_unsubscribe_during_emit():
    hub, heard = EventHub(), []
    event = ChangeEvent(ChangeKind.CHANGED, "org_unit", "u1", "parent_id", "a", "b")

    def once(e):
        heard.append(("once", e))
        unsubscribe_once()

    unsubscribe_once = hub.subscribe(once)
    hub.subscribe(lambda e: heard.append(("always", e)))
    hub.emit(event)
    hub.emit(event)
    assert [who for who, _ in heard] == ["once", "always", "always"]
    assert event.kind == "changed" and event.field == "parent_id"


def test_domain_imports_no_qt_sqlalchemy_pandas_or_numpy():
    code = ("import sys, pkgutil, importlib, desktop.domain as d\n"
            "for m in pkgutil.iter_modules(d.__path__): importlib.import_module("
            "'desktop.domain.' + m.name)\n"
            "bad = [m for m in ('PySide6', 'sqlalchemy', 'pandas', 'numpy', 'pyqtgraph')"
            " if m in sys.modules]\n"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
