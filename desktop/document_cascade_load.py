"""Loading the designer's cascade on the document's worker thread (split from
document_cascade.py): what the worker hands to the GUI thread."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.cascade_context import CascadeContext
    from desktop.services.design import CascadeDraft, Recovery


@dataclass(slots=True)
class Loaded:
    """What the worker hands to the GUI thread after loading a cascade."""

    context: "CascadeContext | None"
    arrays: Any = None
    result: Any = None
    baseline: dict | None = None
    saved: "CascadeDraft | None" = None
    recovery: "Recovery | None" = None
    problem: str = ""  # why there is no cascade, or why the recovery file was unreadable
    aggregated: bool = False  # opened with subtrees collapsed (a large cascade)


def load_design(ws: Any, period: str | None = None) -> Loaded:
    """Runs on the worker thread."""
    from desktop.document_cascade_open import aggregate
    from desktop.domain.errors import DomainError
    from desktop.services import design
    from desktop.services.cascade import _baseline
    from desktop.services.cascade_context import load_context

    try:
        context = load_context(ws, period)
        arrays, result = context.compute()
    except DomainError as exc:
        return Loaded(None, problem=str(exc))
    aggregated = aggregate(context.cascade)  # semantic zoom for a large cascade
    baseline = _baseline(ws, context)
    saved = design.draft_of(context.cascade, context.units, context.rules)
    loaded = Loaded(context, arrays, result, baseline, saved, aggregated=aggregated)
    try:
        loaded.recovery = design.read_recovery(design.recovery_path(ws.path), saved)
    except DomainError as exc:
        loaded.problem = str(exc)
    return loaded
