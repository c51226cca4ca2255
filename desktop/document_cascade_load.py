"""Loading the designer's cascade on the document's worker thread (split from
document_cascade.py): what the worker hands to the GUI thread. A large cascade opens in
stages (document_cascade_stage); this is the whole load, and its last step."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.cascade_context import CascadeContext
    from desktop.services.design import CascadeDraft, Recovery

# what a loaded cascade allows, in the order a large one arrives
CARDS, FIGURES, EDITABLE = "cards", "figures", "editable"


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
    stage: str = EDITABLE  # CARDS: only the open cards (context holds just those)
    outline: Any = None  # document_cascade_stage.Outline of a CARDS stage


def load_design(ws: Any, period: str | None = None) -> Loaded:
    """Runs on the worker thread."""
    from desktop.document_cascade_open import aggregate
    from desktop.domain.errors import DomainError
    from desktop.services.cascade_context import load_context

    try:
        context = load_context(ws, period)
        arrays, result = context.compute()
    except DomainError as exc:
        return Loaded(None, problem=str(exc))
    aggregated = aggregate(context.cascade)  # semantic zoom for a large cascade
    loaded = finish_loading(ws, context, arrays, result)
    loaded.aggregated = aggregated
    return loaded


def finish_loading(ws: Any, context: "CascadeContext", arrays: Any, result: Any) -> Loaded:
    """The published baseline (the figures at hand when nothing is published), the copy
    of what the file holds, and any unsaved work of an earlier session."""
    from desktop.domain.errors import DomainError
    from desktop.services import design
    from desktop.services.cascade import baseline

    values, _label = baseline(ws, context, current=(arrays, result))
    saved = design.draft_of(context.cascade, context.units, context.rules)
    loaded = Loaded(context, arrays, result, values, saved)
    try:
        loaded.recovery = design.read_recovery(design.recovery_path(ws.path), saved)
    except DomainError as exc:
        loaded.problem = str(exc)
    return loaded
