"""Change events: the model announces every change; views and the store subscribe.

An event is plain data (entity kind, id, field, old and new value), the same shape as a
row of the workspace's change log, so an edit travels unchanged from the model to the
undo stack, the views, the store and, later, to head office through sync.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    kind: ChangeKind
    entity: str  # table-like name: "org_unit", "target_node", "cascade_edge", ...
    entity_id: str
    field: str | None = None  # None for ADDED/REMOVED of a whole entity
    old: Any = None
    new: Any = None


Listener = Callable[[ChangeEvent], None]


class EventHub:
    """A minimal synchronous publish/subscribe hub (no Qt, so the domain stays testable)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: ChangeEvent) -> None:
        for listener in list(self._listeners):
            listener(event)
