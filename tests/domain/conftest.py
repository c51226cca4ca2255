"""Shared fixtures for the domain tests."""

import pytest

from desktop.domain.events import ChangeEvent, EventHub


class Recorder:
    """Collects every event a hub emits."""

    def __init__(self, hub: EventHub) -> None:
        self.events: list[ChangeEvent] = []
        self.unsubscribe = hub.subscribe(self.events.append)

    def take(self) -> list[ChangeEvent]:
        out = list(self.events)
        self.events.clear()
        return out


@pytest.fixture
def record():
    """``record(hub)`` starts recording a hub's events."""
    return Recorder
