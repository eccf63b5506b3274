"""The optician store's contract, held by the DynamoDB adapter (on moto) and by the in-memory fake
the unit tests use (tests/fakes/opticians.py): a fake that drifted from the adapter fails here."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings
from tests.fakes.opticians import InMemoryOpticians

MUSTER = OpticianSettings(id="opt_muster", name="Optik Muster", sender_name="OptikMstr",
                          email_from="kontakt@optik-muster.ch", package="gold")
SENDER = EmailSenderState("optik-muster.ch", "pending", ("t1", "t2", "t3"), "2026-03-01T09:00:00+00:00")


@pytest.fixture(params=["dynamodb", "in_memory"])
def store(request):
    if request.param == "in_memory":
        return InMemoryOpticians()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import opticians

    return opticians


def test_a_created_optician_is_read_back_at_version_0_with_its_secret(store):
    assert store.create(MUSTER, "whsec_1") == MUSTER

    assert store.get_versioned(MUSTER.id) == (MUSTER, 0)
    assert store.get_webhook_secret(MUSTER.id) == "whsec_1"
    assert store.get_versioned("opt_other") is None and store.get_webhook_secret("opt_other") is None


def test_settings_are_saved_only_at_the_version_read(store):
    store.create(MUSTER, "whsec_1")
    renamed = replace(MUSTER, name="Optik Neu")

    assert store.save_settings(renamed, version=0) is True
    assert store.get_versioned(MUSTER.id) == (renamed, 1)
    assert store.save_settings(replace(MUSTER, name="Stale"), version=0) is False  # lost the race
    assert store.get_versioned(MUSTER.id) == (renamed, 1)
    assert store.save_settings(replace(MUSTER, id="opt_gone"), version=0) is False  # no such optician


def test_the_sender_state_is_kept_apart_from_the_settings(store):
    store.create(MUSTER, "whsec_1")
    store.set_email_sender(MUSTER.id, SENDER)
    store.save_settings(replace(MUSTER, name="Optik Neu", email_sender=None), version=0)

    settings, _ = store.get_versioned(MUSTER.id)
    assert settings.email_sender == SENDER and settings.name == "Optik Neu"


def test_a_rotated_secret_replaces_the_old_one(store):
    store.create(MUSTER, "whsec_1")
    store.set_webhook_secret(MUSTER.id, "whsec_2")

    assert store.get_webhook_secret(MUSTER.id) == "whsec_2"
