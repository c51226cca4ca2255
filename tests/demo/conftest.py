"""The demo workspace, generated once per test session (it is deterministic)."""

import pytest

from desktop.demo import generate


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.tfw"
    generate(path)
    return path


@pytest.fixture
def demo_db(demo_path):
    import sqlite3

    conn = sqlite3.connect(f"file:{demo_path}?mode=ro", uri=True)
    yield conn
    conn.close()
