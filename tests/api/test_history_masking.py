"""No live credential in the history (SPEC §9): the stored and returned text and HTML show the
link tokens masked (``…/l/•••``), the message sent carries the real link, and the token
itself is stored nowhere but as its hash."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser

from tests.api.fixtures_messaging import (  # noqa: F401
    create_customer,
    moto_emails,
    moto_sms,
    signed_post,
    token_of,
    verified_sender,
)
from tests.conftest import body


def table_items() -> list[dict]:
    import boto3

    from chalicelib.config import get_config

    client = boto3.client("dynamodb", region_name=get_config().region)
    return [item for page in client.get_paginator("scan").paginate(TableName=get_config().table_name)
            for item in page["Items"]]


def test_the_history_masks_the_login_token_which_still_logs_in_from_the_sms(api, optician):
    settings, _ = optician
    anna = create_customer(api)

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    [(_, sent)] = moto_sms()
    token = token_of(sent)
    assert record["text"] == sent.replace(token, "•••") and "https://shop.optik-muster.ch/l/•••" in record["text"]
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"][0]["text"] == record["text"]
    assert not any(token in str(item) for item in table_items())  # only its hash is stored
    session = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])
    assert session.status_code == 200


def test_an_emails_text_and_html_mask_the_login_and_unsubscribe_tokens(api, optician, verified_sender):
    anna = create_customer(api, preferred_channel="email")

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    [sent] = moto_emails()
    mime = BytesParser(policy=policy.default).parsebytes(sent.raw_data.encode())
    login = token_of(mime.get_body(("plain",)).get_content())
    unsubscribe = mime["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    stored = str(table_items())
    for token in (login, unsubscribe):
        assert token not in record["text"] and token not in record["html"] and token not in stored
    oid = optician[0]["id"]
    for shown in (record["text"], record["html"]):
        assert "https://shop.optik-muster.ch/l/•••" in shown and f"/unsubscribe/{oid}/•••" in shown
    expected_html = mime.get_body(("html",)).get_content().replace("\r\n", "\n")
    assert record["html"] == expected_html.replace(login, "•••").replace(unsubscribe, "•••")
