"""The e-mail sender's rules (SPEC §8): status from SES's answer, DKIM records, the channel rule."""
from __future__ import annotations

from chalicelib.domain.channel import choose_channel, not_sent_reason
from chalicelib.domain.email_sender import (
    EmailSenderState,
    dns_records,
    domain_of,
    is_ready,
    made_up_tokens,
    status_of,
)


def test_the_domain_of_an_address_is_lower_case():
    assert domain_of("Kontakt@Optik-Muster.CH") == "optik-muster.ch"
    assert domain_of(None) is None and domain_of("no-at-sign") is None


def test_status_from_ses_answers():
    assert status_of(None) == "pending"
    assert status_of({"VerifiedForSendingStatus": False, "DkimAttributes": {"Status": "PENDING"}}) == "pending"
    assert status_of({"VerifiedForSendingStatus": True}) == "verified"
    assert status_of({"VerificationStatus": "SUCCESS"}) == "verified"  # the emulator's answer
    assert status_of({"VerifiedForSendingStatus": False, "DkimAttributes": {"Status": "FAILED"}}) == "failed"
    assert status_of({"VerificationStatus": "TEMPORARY_FAILURE"}) == "pending"


def test_easy_dkim_records_are_three_cnames_to_amazonses():
    tokens = made_up_tokens("optik-muster.ch")

    assert tokens == made_up_tokens("optik-muster.ch") and len(set(tokens)) == 3
    assert dns_records("optik-muster.ch", tokens[:1]) == [
        {"type": "CNAME", "name": f"{tokens[0]}._domainkey.optik-muster.ch", "value": f"{tokens[0]}.dkim.amazonses.com"}]


def test_only_a_verified_sender_or_one_from_before_onboarding_is_ready():
    assert is_ready(EmailSenderState("optik.ch", "verified")) and is_ready(None)
    assert not is_ready(EmailSenderState("optik.ch", "pending")) and not is_ready(EmailSenderState("optik.ch", "failed"))


def test_an_unverified_sender_makes_email_unavailable_for_the_channel_rule():
    both = ("gold", "email", "+41791234567", "anna@example.ch")

    assert choose_channel(*both) == "email"
    assert choose_channel(*both, email_sender_ready=False) == "sms"
    assert choose_channel("gold", "email", None, "anna@example.ch", email_sender_ready=False) is None
    assert not_sent_reason("gold", "email", None, "anna@example.ch") == "sender_not_verified"
    assert not_sent_reason("gold", "email", None, "anna@example.ch", True) == "no_contact"  # address blocked
    assert not_sent_reason("silver", "sms", None, "anna@example.ch") == "no_contact"


def test_the_domain_is_what_follows_the_last_at_sign():
    # A quoted local part may contain "@" (RFC 5321); the domain is after the last one.
    assert domain_of('"info@shop"@Optik-Muster.ch') == "optik-muster.ch"
    assert domain_of("kontakt@ ") is None


def test_local_dkim_tokens_look_like_sess_32_lower_case_hex_characters():
    for token in made_up_tokens("optik-muster.ch"):
        assert len(token) == 32 and token == token.lower() and int(token, 16) >= 0
    assert made_up_tokens("optik-muster.ch") != made_up_tokens("brillen.ch")


def test_dkim_found_alone_verifies_and_a_failed_verification_alone_fails():
    assert status_of({"VerifiedForSendingStatus": False, "DkimAttributes": {"Status": "SUCCESS"}}) == "verified"
    assert status_of({"VerificationStatus": "FAILED", "DkimAttributes": {"Status": "PENDING"}}) == "failed"
