"""An in-memory optician store (the port chalicelib/services/ports/opticians.py) for unit tests."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings


class InMemoryOpticians:
    """One entry per optician: settings with their version, the webhook secret, the sender state,
    kept apart as the DynamoDB item keeps them (saving settings never touches the sender state)."""

    def __init__(self) -> None:
        self._settings: dict[str, tuple[OpticianSettings, int]] = {}
        self._secrets: dict[str, str] = {}
        self._senders: dict[str, EmailSenderState] = {}

    def _with_sender(self, settings: OpticianSettings) -> OpticianSettings:
        return replace(settings, email_sender=self._senders.get(settings.id))

    def create(self, settings: OpticianSettings, webhook_secret: str) -> OpticianSettings:
        if settings.id in self._settings:  # the adapter's put is conditional on a new id
            raise RuntimeError("optician id collision")
        self._settings[settings.id] = (replace(settings, email_sender=None), 0)
        self._secrets[settings.id] = webhook_secret
        return self._with_sender(settings)

    def get_versioned(self, optician_id: str) -> tuple[OpticianSettings, int] | None:
        found = self._settings.get(optician_id)
        return None if found is None else (self._with_sender(found[0]), found[1])

    def save_settings(self, settings: OpticianSettings, *, version: int) -> bool:
        found = self._settings.get(settings.id)
        if found is None or found[1] != version:
            return False
        self._settings[settings.id] = (replace(settings, email_sender=None), version + 1)
        return True

    def get_webhook_secret(self, optician_id: str) -> str | None:
        return self._secrets.get(optician_id)

    def set_webhook_secret(self, optician_id: str, secret: str) -> None:
        if optician_id not in self._settings:
            raise KeyError(optician_id)  # the adapter's update is conditional on the item
        self._secrets[optician_id] = secret

    def set_email_sender(self, optician_id: str, sender: EmailSenderState) -> None:
        if optician_id not in self._settings:
            raise KeyError(optician_id)
        self._senders[optician_id] = sender

    def change_behind_the_back(self, optician_id: str) -> None:
        """Another writer saved the settings since they were read (the version moves on)."""
        settings, version = self._settings[optician_id]
        self._settings[optician_id] = (settings, version + 1)
