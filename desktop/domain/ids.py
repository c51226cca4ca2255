"""Identifiers. Every entity has a UUID so that copies of a workspace (offices working
offline) can create rows independently and merge without collisions."""

import uuid

WEIGHT_TOLERANCE = 1e-9


def new_id() -> str:
    """A new random entity id (UUID4, canonical text form)."""
    return str(uuid.uuid4())


def is_id(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, AttributeError, TypeError):
        return False
