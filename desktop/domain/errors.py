"""Errors raised when an edit would break an invariant of the domain.

Each carries enough to name the offending entity in a message to the user.
"""


class DomainError(ValueError):
    """An edit that the domain refuses; the model is left unchanged."""


class CycleError(DomainError):
    """Connecting these nodes would make a node its own ancestor."""


class SecondParentError(DomainError):
    """A node already has a parent in this cascade."""


class UnknownEntityError(DomainError, KeyError):
    """A reference to an entity that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown entity"


class InvalidValueError(DomainError):
    """A field value outside what the domain allows (names the field)."""
