"""The customer: profile, ways of contact and communication preferences (SPEC §2, §3).

A record, not a dict: the services work on it; the DynamoDB adapter converts its item to it
(``adapters/dynamo/customers.py``), and :meth:`Customer.shown` is the API's shape (``Customer``
in chalicelib/schemas/customers.py), in the order of its fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.channel import SMS

# The profile fields a client sets (POST/PATCH /customers), as stored.
FIELDS = ("first_name", "last_name", "salutation", "language", "mobile", "email", "preferred_channel")
# What the message templates address the customer by (rendering/render.py reads only these).
ADDRESSED = ("first_name", "last_name", "salutation")


@dataclass(frozen=True, slots=True)
class Customer:
    """A stored customer. ``mobile`` in E.164, ``email`` normalised (the service checks both);
    ``topics``: topic → on/off (a topic not stored counts as on, message_kinds.topic_enabled);
    ``email_blocked``: SES reported a bounce or complaint for the current address, with its
    reason. ``created_at``/``updated_at``: ISO 8601, UTC."""

    id: str
    first_name: str
    last_name: str
    salutation: str | None = None
    language: str = "de"
    mobile: str | None = None
    email: str | None = None
    preferred_channel: str = "sms"
    topics: dict[str, bool] = field(default_factory=dict)
    email_blocked: bool = False
    email_blocked_reason: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def profile(self) -> dict[str, str | None]:
        """The profile fields (``FIELDS``) by name: what a change is merged into."""
        return {name: getattr(self, name) for name in FIELDS}

    def addressed(self) -> dict[str, str | None]:
        """What a message template reads of the customer (``customer`` in its data)."""
        return {name: getattr(self, name) for name in ADDRESSED}

    def contact(self, channel: str | None) -> str | None:
        """The address of ``channel``: the mobile number for ``sms``, else the e-mail address."""
        return self.mobile if channel == SMS else self.email

    def preferences(self) -> dict[str, Any]:
        """The API's shape of the communication preferences (``Preferences``)."""
        return {"topics": dict(self.topics), "preferred_channel": self.preferred_channel}

    def shown(self) -> dict[str, Any]:
        """The API's shape (``Customer`` in chalicelib/schemas/customers.py)."""
        return {
            "id": self.id,
            **self.profile(),
            "topics": dict(self.topics),
            "email_blocked": self.email_blocked,
            "email_blocked_reason": self.email_blocked_reason,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }
