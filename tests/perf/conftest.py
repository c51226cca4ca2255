"""Everything in tests/perf is a benchmark: marked ``perf``, so the default run (``-m 'not
perf'`` in pyproject) skips it and ``python -m pytest tests/perf -m perf`` runs it."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m selection looks at the marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.perf)
