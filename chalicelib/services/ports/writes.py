"""The writes one store prepares and another makes in its transaction (adapters/dynamo/transactions.py).

Services only hand them on (a coordination slot to the send path, a reminder's next occurrence
to the final record) or make one alone (``make()``); what is in them is the adapters' business.
The type is the adapters' own ``Write``, named here so that ports and services say what they
pass without importing an adapter at run time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.adapters.dynamo.transactions import Write as Write
