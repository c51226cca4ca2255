"""Published cascade versions and units' acknowledgements of them."""

import datetime as dt
from dataclasses import dataclass, field

from desktop.domain.errors import InvalidValueError
from desktop.domain.ids import new_id


@dataclass(slots=True)
class CascadeVersion:
    cascade_id: str
    number: int
    published_at: dt.datetime
    author: str
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Acknowledgement:
    version_id: str
    unit_id: str
    acknowledged_at: dt.datetime
    author: str
    id: str = field(default_factory=new_id)

    def latency_days(self, version: CascadeVersion) -> float:
        """Days from publication to acknowledgement (SPEC §6 sync timeliness)."""
        if version.id != self.version_id:
            raise InvalidValueError("acknowledgement of another version")
        return (self.acknowledged_at - version.published_at).total_seconds() / 86400.0
