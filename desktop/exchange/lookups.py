"""What a file's names can refer to in the workspace: units, metrics and product lines by
code or by name (a name only where it is unique), as integer keys."""

from dataclasses import dataclass, field

from desktop.domain.metric import Metric
from desktop.store import bulk, loads
from desktop.store.workspace import Workspace


@dataclass(slots=True)
class Known:
    """text (code or unique name) -> key, and key -> UUID, for one kind of entity."""

    by_text: dict[str, int] = field(default_factory=dict)
    id_of: dict[int, str] = field(default_factory=dict)
    code_of: dict[int, str] = field(default_factory=dict)


def _known(rows: list[tuple[int, str, str, str]]) -> Known:
    out = Known()
    names: dict[str, list[int]] = {}
    for key, uid, code, name in rows:
        out.by_text[code] = key
        out.id_of[key] = uid
        out.code_of[key] = code
        names.setdefault(name, []).append(key)
    for name, keys in names.items():
        if len(keys) == 1 and name not in out.by_text:
            out.by_text[name] = keys[0]
    return out


@dataclass(slots=True)
class Lookups:
    units: Known
    metrics: Known
    product_lines: Known
    metric_of: dict[int, Metric]


def load_lookups(ws: Workspace) -> Lookups:
    with ws.read() as conn:
        org = loads.org_columns(conn)
        metrics = loads.metrics(conn)
        metric_keys = bulk.key_map(conn, "metric")
        lines = loads.product_lines(conn)
        line_keys = bulk.key_map(conn, "product_line")
    units = _known(list(zip(org.key, org.id, org.code, org.name, strict=True)))
    metric_known = _known([(metric_keys[m.id], m.id, m.code, m.name) for m in metrics])
    line_known = _known([(line_keys[p.id], p.id, p.code, p.name) for p in lines])
    return Lookups(units, metric_known, line_known,
                   {metric_keys[m.id]: m for m in metrics})
