"""Fixtures for the exchange tests: a fresh workspace with metrics, always closed."""

import pytest
from exchange_world import empty


@pytest.fixture
def ws(tmp_path):
    workspace = empty(tmp_path / "exchange.tfw")
    yield workspace
    workspace.close()
