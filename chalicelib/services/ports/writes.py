"""The writes one store prepares and another makes in its transaction (adapters/dynamo/transactions.py).

Services only hand them on (a coordination slot to the send path, a reminder's next occurrence
to the final record) or make one alone (``make()``); what is in them is the adapters' business.
The type is ``chalicelib/domain/writes.py``'s (the adapters' ``Write`` subclasses it), named here
so that ports and services say what they pass.
"""
from __future__ import annotations

from chalicelib.domain.writes import Write

__all__ = ["Write"]
