"""Org units: the company tree (company → region → team → person; also project teams)."""

import math
import numbers
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.errors import CycleError, InvalidValueError, UnknownEntityError
from desktop.domain.events import ChangeEvent, ChangeKind, EventHub
from desktop.domain.ids import new_id


class UnitKind(StrEnum):
    COMPANY = "company"
    REGION = "region"
    TEAM = "team"
    PERSON = "person"
    PROJECT = "project"


@dataclass(slots=True)
class OrgUnit:
    code: str
    name: str
    kind: UnitKind
    parent_id: str | None = None
    manager: str = ""
    headcount: int = 1
    # Named local market factors, e.g. {"customer_density": 1.3, "competition_intensity": 0.8}
    factors: dict[str, float] = field(default_factory=dict)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not self.code or not self.code.strip():
            raise InvalidValueError(f"org unit {self.name!r}: code must not be empty")
        try:
            self.kind = UnitKind(self.kind)
        except ValueError:
            raise InvalidValueError(f"org unit {self.code}: unknown kind {self.kind!r}") from None
        if self.headcount < 0:
            raise InvalidValueError(f"org unit {self.code}: headcount must be ≥ 0")
        for factor, value in self.factors.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not math.isfinite(value):
                raise InvalidValueError(
                    f"org unit {self.code}: local factor {factor} must be a finite number, "
                    f"not {value!r}"
                )


class OrgTree:
    """The org units of a workspace with the tree invariants: one parent, no cycles,
    unique codes. Edits (add, move, remove) emit ChangeEvents on ``events``; a refused
    edit changes nothing and emits nothing."""

    def __init__(self, units: Iterable[OrgUnit] = ()) -> None:
        self.events = EventHub()
        self._units: dict[str, OrgUnit] = {}
        self._children: dict[str | None, list[str]] = {}
        self._by_code: dict[str, str] = {}
        pending = list(units)
        for unit in pending:
            self._index(unit)
        for unit in pending:
            if unit.parent_id is not None and unit.parent_id not in self._units:
                raise UnknownEntityError(f"org unit {unit.code}: unknown parent {unit.parent_id}")
        for unit in pending:
            self._check_acyclic(unit.id, unit.parent_id)

    def _index(self, unit: OrgUnit) -> None:
        if unit.id in self._units:
            raise InvalidValueError(f"org unit {unit.code}: id {unit.id} is used twice")
        if unit.code in self._by_code:
            raise InvalidValueError(f"org unit code {unit.code!r} is used twice")
        self._units[unit.id] = unit
        self._by_code[unit.code] = unit.id
        self._children.setdefault(unit.parent_id, []).append(unit.id)

    def _check_acyclic(self, unit_id: str, parent_id: str | None) -> None:
        seen = {unit_id}
        while parent_id is not None:
            if parent_id in seen:
                raise CycleError(f"org unit {self._units[unit_id].code}: its parent chain loops")
            seen.add(parent_id)
            parent_id = self._units[parent_id].parent_id

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[OrgUnit]:
        return iter(self._units.values())

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def get(self, unit_id: str) -> OrgUnit:
        try:
            return self._units[unit_id]
        except KeyError:
            raise UnknownEntityError(f"unknown org unit {unit_id}") from None

    def by_code(self, code: str) -> OrgUnit:
        try:
            return self._units[self._by_code[code]]
        except KeyError:
            raise UnknownEntityError(f"unknown org unit code {code!r}") from None

    def roots(self) -> list[OrgUnit]:
        return [self._units[i] for i in self._children.get(None, [])]

    def children(self, unit_id: str) -> list[OrgUnit]:
        return [self._units[i] for i in self._children.get(unit_id, [])]

    def ancestors(self, unit_id: str) -> list[OrgUnit]:
        out: list[OrgUnit] = []
        parent = self.get(unit_id).parent_id
        while parent is not None:
            out.append(self._units[parent])
            parent = self._units[parent].parent_id
        return out

    def subtree(self, unit_id: str) -> list[OrgUnit]:
        """The unit and all its descendants, parents before children."""
        out, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            out.append(self.get(current))
            stack.extend(reversed(self._children.get(current, [])))
        return out

    def add(self, unit: OrgUnit) -> None:
        if unit.id in self._units:
            raise InvalidValueError(f"org unit {unit.code} already exists")
        if unit.parent_id is not None and unit.parent_id not in self._units:
            raise UnknownEntityError(f"org unit {unit.code}: unknown parent {unit.parent_id}")
        self._index(unit)
        self.events.emit(ChangeEvent(ChangeKind.ADDED, "org_unit", unit.id))

    def move(self, unit_id: str, new_parent_id: str | None) -> None:
        unit = self.get(unit_id)
        if new_parent_id is not None:
            self.get(new_parent_id)
            if new_parent_id == unit_id or any(
                a.id == unit_id for a in self.ancestors(new_parent_id)
            ):
                raise CycleError(
                    f"cannot move {unit.code} under {self._units[new_parent_id].code}: "
                    "it would become its own ancestor"
                )
        previous = unit.parent_id
        if previous == new_parent_id:
            return  # nothing to do: keep the sibling order, emit nothing
        self._children[previous].remove(unit_id)
        unit.parent_id = new_parent_id
        self._children.setdefault(new_parent_id, []).append(unit_id)
        self.events.emit(ChangeEvent(ChangeKind.CHANGED, "org_unit", unit_id, "parent_id",
                                     previous, new_parent_id))

    def remove(self, unit_id: str) -> None:
        """Remove a leaf unit; a unit with children must have them moved or removed first."""
        unit = self.get(unit_id)
        if self._children.get(unit_id):
            raise InvalidValueError(f"org unit {unit.code} still has child units")
        self._children[unit.parent_id].remove(unit_id)
        self._children.pop(unit_id, None)
        del self._units[unit_id]
        del self._by_code[unit.code]
        self.events.emit(ChangeEvent(ChangeKind.REMOVED, "org_unit", unit_id))
