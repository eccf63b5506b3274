"""A write one store prepares and another makes in its transaction (or that is made alone).

The send path writes what belongs to one message in one transaction: the message store's claim
and record with the link store's tokens, the coordination store's slots, the reminder store's
next occurrence. Services only hand such writes on, or ``make()`` one alone; what is in them is
the adapters' business (``adapters/dynamo/transactions.py`` subclasses this type, the in-memory
fakes of the tests have their own). The type lives here, below services and adapters, so that
ports and adapters name the same type without the adapters importing a port.
"""
from __future__ import annotations


class Write:
    """A prepared write; opaque to services."""

    __slots__ = ()

    def make(self) -> bool:
        """Make this write alone; False if its condition refused it."""
        raise NotImplementedError
