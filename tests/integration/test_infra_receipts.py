"""The stack's delivery-receipt plumbing (SPEC §8): SES events and SNS SMS delivery logs reach the
receipt functions, which may only find and update records."""
from __future__ import annotations

import json

from tests.integration.test_infra_template import _actions, _functions, _statements, packaged  # noqa: F401


def test_ses_publishes_every_receipt_kind_to_an_encrypted_topic_ses_may_use(packaged):
    template, _ = packaged
    resources = template["Resources"]
    destination = resources["MessagingConfigurationSetFeedback"]["Properties"]["EventDestination"]
    assert sorted(destination["MatchingEventTypes"]) == ["bounce", "complaint", "delivery", "reject"]
    assert destination["SnsDestination"]["TopicARN"] == {"Ref": "MessagingSesFeedbackTopic"}
    key_ref = resources["MessagingSesFeedbackTopic"]["Properties"]["KmsMasterKeyId"]
    key = resources[key_ref["Ref"]]["Properties"]
    assert key["EnableKeyRotation"] is True
    ses = [s for s in key["KeyPolicy"]["Statement"] if "ses.amazonaws.com" in json.dumps(s.get("Principal"))]
    assert ses and "kms:GenerateDataKey*" in json.dumps(ses[0]["Action"])


def test_both_sms_delivery_log_groups_are_subscribed_by_the_sms_receipts_function(packaged):
    template, _ = packaged
    resources = template["Resources"]
    filters = [r for r in resources.values() if r["Type"] == "AWS::Logs::SubscriptionFilter"]
    groups = json.dumps([f["Properties"]["LogGroupName"] for f in filters])
    assert len(filters) == 2 and "DirectPublishToPhoneNumber/Failure" in groups
    assert all(f["Properties"]["DestinationArn"] == {"Fn::GetAtt": ["SmsReceipts", "Arn"]} for f in filters)
    permission = resources["MessagingSmsReceiptsPermission"]["Properties"]
    assert permission["Principal"] == "logs.amazonaws.com" and permission["FunctionName"] == \
        {"Fn::GetAtt": ["SmsReceipts", "Arn"]}
    key_policy = resources["TopicsKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert any("logs.${AWS::Region}.amazonaws.com" in json.dumps(s.get("Principal")) for s in key_policy)
    for name in ("MessagingSmsDeliveryLogGroup", "MessagingSmsFailureLogGroup"):
        # The entries name the phone number: kept 30 days, encrypted with the stack's key.
        assert resources[name]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert resources[name]["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["TopicsKey", "Arn"]}


def test_the_receipt_functions_only_find_and_update_records(packaged):
    template, _ = packaged
    by_handler = {f["Properties"]["Handler"]: f for f in _functions(template).values()}
    for handler in ("app.ses_feedback", "app.sms_receipts"):
        actions = _actions(_statements(template, by_handler[handler]))
        assert {a for a in actions if a.startswith("dynamodb:")} == {"dynamodb:GetItem", "dynamodb:UpdateItem"}
        assert not [a for a in actions if a.startswith(("sns:", "ses:", "sqs:"))], handler


def test_the_api_may_read_the_messages_indexes_and_onboard_senders_but_not_send_from_them(packaged):
    template, _ = packaged
    by_handler = {f["Properties"]["Handler"]: f for f in _functions(template).values()}
    grants = json.dumps(_statements(template, by_handler["app.app"]))
    assert all(f"/index/{name}\"" in grants for name in ("messages_by_status", "messages_by_kind",
                                                          "messages_by_kind_status"))
    assert "/index/messages\"" not in grants and "ses:CreateEmailIdentity" in grants
    assert "ses:DeleteEmailIdentity" not in grants
