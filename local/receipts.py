"""Delivery receipts in local mode (SPEC §8): ``POST /_local/receipts`` and the automatic delivery.

The emulated SNS and SES deliver no receipts. ``POST /_local/receipts`` builds, for an accepted
message, the payload AWS would deliver for its channel — an SES event in an SNS notification
for e-mail, a CloudWatch Logs subscription event (gzip + base64) with an SNS SMS delivery
record for SMS — and invokes the deployed handler (``ses_feedback`` / ``sms_receipts``) with it,
as Lambda would. Without it, ``AutoDelivery`` (started by ``make run``) reports every accepted
message delivered ``DELAY_SECONDS`` after it was accepted, through the same handlers, so the
local history shows ``delivered`` as production does.
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta, timezone

from chalicelib.domain import receipts as r
from chalicelib.domain.errors import NotFound, ValidationError

DELAY_SECONDS = 3
ACCOUNT = "123456789012"
SMS_REASONS = (r.INVALID_NUMBER, r.UNREACHABLE, r.CARRIER_BLOCKED, r.OPTED_OUT)
EMAIL_REASONS = (r.BOUNCED, r.COMPLAINT, r.REJECTED)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def ses_event(message_id: str, outcome: str, reason: str | None, to: str | None = None,
              moment: datetime | None = None) -> dict:
    """The SES event (configuration-set event publishing) for this outcome."""
    moment = moment or datetime.now(timezone.utc)
    recipients = [to] if to else []
    mail = {"timestamp": _stamp(moment), "messageId": message_id, "source": "kontakt@local",
            "destination": recipients, "tags": {}}
    if outcome == r.DELIVERED:
        return {"eventType": "Delivery", "mail": mail,
                "delivery": {"timestamp": _stamp(moment), "recipients": recipients, "processingTimeMillis": 500,
                             "smtpResponse": "250 2.6.0 Message received", "reportingMTA": "a8-1.smtp-out.local"}}
    if reason == r.COMPLAINT:
        return {"eventType": "Complaint", "mail": mail,
                "complaint": {"timestamp": _stamp(moment), "complaintFeedbackType": "abuse",
                              "complainedRecipients": [{"emailAddress": a} for a in recipients]}}
    if reason == r.REJECTED:
        return {"eventType": "Reject", "mail": mail, "reject": {"reason": "Bad content"}}
    return {"eventType": "Bounce", "mail": mail,
            "bounce": {"timestamp": _stamp(moment), "bounceType": "Permanent", "bounceSubType": "General",
                       "bouncedRecipients": [{"emailAddress": a} for a in recipients]}}


def sns_notification(message: dict, topic_arn: str) -> dict:
    """The Lambda event SNS delivers to a subscribed function."""
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": topic_arn + ":local",
                         "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": topic_arn,
                                 "Subject": None, "Message": json.dumps(message),
                                 "Timestamp": _stamp(datetime.now(timezone.utc)), "MessageAttributes": {}}}]}


def sms_record(message_id: str, outcome: str, reason: str | None, moment: datetime | None = None) -> str:
    """One SNS SMS delivery-status log entry (the JSON SNS writes to CloudWatch Logs)."""
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    delivered = outcome == r.DELIVERED
    return json.dumps({
        "notification": {"messageId": message_id, "timestamp": moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]},
        "delivery": {"mnc": 1, "mcc": 228, "numberOfMessageParts": 1, "destination": "+41000000000",
                     "priceInUSD": 0.0752, "smsType": "Transactional", "phoneCarrier": "Local carrier",
                     "providerResponse": "Message has been accepted by phone carrier" if delivered
                     else r.sms_provider_response(reason), "dwellTimeMs": 400, "dwellTimeMsUntilDeviceAck": 1200},
        "status": "SUCCESS" if delivered else "FAILURE"})


def sms_log_group(outcome: str, region: str) -> str:
    group = f"sns/{region}/{ACCOUNT}/DirectPublishToPhoneNumber"
    return group if outcome == r.DELIVERED else group + "/Failure"


def deliver(app, channel: str, message_id: str, outcome: str, reason: str | None = None, to: str | None = None) -> None:
    """Invoke the app's receipt handler for ``channel`` with the payload AWS would deliver."""
    from chalice.local import LambdaContext

    from chalicelib.config import get_config

    config = get_config()
    if channel == r.SMS:
        event = r.encode_awslogs(sms_log_group(outcome, config.region), [sms_record(message_id, outcome, reason)],
                                 owner=ACCOUNT)
        app.handler_map["sms_receipts"](event, LambdaContext("sms_receipts", memory_size=512))
    else:
        topic = f"arn:aws:sns:{config.region}:{ACCOUNT}:{config.ses_feedback_topic}"
        app.handler_map["ses_feedback"](sns_notification(ses_event(message_id, outcome, reason, to), topic),
                                        LambdaContext("ses_feedback", memory_size=512))


def post_receipt(app, body) -> dict:
    """``POST /_local/receipts``: ``{"provider_message_id", "outcome", "reason"?}`` → the record after it."""
    from chalicelib.adapters.dynamo import messages, receipt_pointers
    from chalicelib.services.messaging.history import present

    if not isinstance(body, dict):
        raise ValidationError("The body must be a JSON object.", field="provider_message_id")
    message_id = body.get("provider_message_id")
    if not isinstance(message_id, str) or not message_id.strip():
        raise ValidationError("'provider_message_id' is required.", field="provider_message_id")
    outcome = body.get("outcome")
    if outcome not in (r.DELIVERED, r.FAILED):
        raise ValidationError("'outcome' must be delivered or failed.", field="outcome")
    found = [(channel, receipt_pointers.find(message_id, channel)) for channel in (r.SMS, r.EMAIL)]
    channel, pointer = next(((c, p) for c, p in found if p is not None), (None, None))
    if pointer is None:
        raise NotFound("No message accepted with this provider_message_id.", field="provider_message_id")
    reasons = SMS_REASONS if channel == r.SMS else EMAIL_REASONS
    reason = body.get("reason")
    if outcome == r.DELIVERED and reason is not None:
        raise ValidationError("A delivered receipt has no 'reason'.", field="reason")
    if outcome == r.FAILED:
        reason = reason or reasons[0 if channel == r.EMAIL else 1]
        if reason not in reasons:
            raise ValidationError(f"'reason' of a failed {channel} must be one of: {', '.join(reasons)}.",
                                  field="reason")
    record = messages.get_message(pointer["optician_id"], pointer["customer_id"], pointer["message_sk"])
    deliver(app, channel, message_id, outcome, reason, to=record.to if record else None)
    after = messages.get_message(pointer["optician_id"], pointer["customer_id"], pointer["message_sk"])
    return {"channel": channel, "message": present(after) if after else None}


class AutoDelivery(threading.Thread):
    """Reports each accepted message delivered ``DELAY_SECONDS`` after it was accepted (local mode)."""

    def __init__(self, app, interval_seconds: float = 1.0, log=print):
        super().__init__(name="kontakt-receipts", daemon=True)
        self.app, self.interval, self.log = app, interval_seconds, log
        self.done: set[str] = set()
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            try:
                self.tick(datetime.now(timezone.utc))
            except Exception as exc:  # noqa: BLE001 - keep the thread alive, show the error
                self.log(f"[receipts] {type(exc).__name__}")

    def tick(self, now: datetime) -> int:
        """Deliver the receipts due at ``now``; how many were delivered."""
        from local import outbox

        due = now - timedelta(seconds=DELAY_SECONDS)
        count = 0
        for message_id, channel, accepted_at in outbox.accepted():
            if message_id in self.done or datetime.fromisoformat(accepted_at) > due:
                continue
            self.done.add(message_id)
            deliver(self.app, channel, message_id, r.DELIVERED)
            count += 1
        return count

    def stop(self) -> None:
        self._halt.set()
