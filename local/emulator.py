"""Emulated AWS for local mode and tests: the production infra template on moto's CloudFormation.

``infra/resources.json`` is deployed as it is, so the table (and later queues, topics) that
local mode and the tests use are exactly the ones production gets. The template's outputs
become the environment the app reads: an output ``TableName`` is ``TABLE_NAME``,
``SendQueueUrl`` is ``SEND_QUEUE_URL`` (CamelCase → UPPER_SNAKE), the same variables that
the template's SAM ``Globals`` give every deployed function.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import warnings
from pathlib import Path

INFRA_TEMPLATE = Path(__file__).resolve().parent.parent / "infra" / "resources.json"
STACK_NAME = "kontakt-local"
REGION = "eu-central-2"

# One caller of the emulator at a time in local mode: moto is not thread-safe (a sporadic 500 in
# transact_write_items was seen under four parallel browser requests). Each HTTP request and each
# scheduled run holds it; re-entrant, as /_local/schedules runs a schedule inside a request.
EMULATOR_LOCK = threading.RLock()

# Values for the template's deploy-time parameters in the emulator (production passes real ones).
LOCAL_PARAMETERS = {
    "CognitoUserPoolId": f"{REGION}_local",
    "CognitoAppClientId": "kontakt-backoffice",
    "PublicApiUrl": "http://127.0.0.1:8000",
}


def fake_credentials() -> None:
    """Credentials and region for the emulator; never real ones."""
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_SECURITY_TOKEN", "testing"), ("AWS_SESSION_TOKEN", "testing"),
                        ("AWS_DEFAULT_REGION", REGION), ("AWS_REGION", REGION)):
        os.environ[name] = value


def load_template() -> dict:
    """``infra/resources.json`` as a dict."""
    return json.loads(INFRA_TEMPLATE.read_text())


def emulated_template(template: dict) -> dict:
    """``template`` without the resources marked ``Metadata.kontakt.packaged_only``: they refer to
    functions that only ``chalice package`` adds (the SMS receipts' log subscription), so the
    template alone cannot create them; locally ``POST /_local/receipts`` stands in for them."""
    resources = {name: resource for name, resource in template["Resources"].items()
                 if not (resource.get("Metadata") or {}).get("kontakt", {}).get("packaged_only")}
    return {**template, "Resources": resources}


# Resource types moto's CloudFormation skips. SES configuration sets are created by
# ``_complete`` below (as AWS would); the others do nothing a local run could notice.
EMULATED_BY_HAND = ("AWS::SES::ConfigurationSet", "AWS::SES::ConfigurationSetEventDestination")
IRRELEVANT_LOCALLY = ("AWS::CloudWatch::Alarm", "AWS::SNS::TopicPolicy")


class _KnownGaps(logging.Filter):
    """Silences moto's notes about the resource types above (and only those)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(kind in record.getMessage() for kind in EMULATED_BY_HAND + IRRELEVANT_LOCALLY)


def deploy_infra(stack_name: str = STACK_NAME) -> dict:
    """Create the stack of ``infra/resources.json`` on the (already active) emulator; its outputs."""
    import boto3

    from local.outbox import enable_capture

    enable_capture()
    serialize_dynamodb_writes()
    template = emulated_template(load_template())
    parameters = [{"ParameterKey": name, "ParameterValue": LOCAL_PARAMETERS.get(name, "local")}
                  for name, spec in template.get("Parameters", {}).items() if "Default" not in spec]
    cloudformation = boto3.client("cloudformation")
    moto_log, gaps = logging.getLogger("moto"), _KnownGaps()
    moto_log.addFilter(gaps)
    try:
        with warnings.catch_warnings():
            for kind in EMULATED_BY_HAND + IRRELEVANT_LOCALLY:
                warnings.filterwarnings("ignore", message=f"Tried to parse {kind} ")
            cloudformation.create_stack(StackName=stack_name, TemplateBody=json.dumps(template),
                                        Parameters=parameters)
    finally:
        moto_log.removeFilter(gaps)
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise RuntimeError(f"the emulator could not create the stack: {stack.get('StackStatusReason')}")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    _complete(template, stack_name, outputs)
    return outputs


_WRITE_REQUESTS = ("put_item", "update_item", "delete_item", "transact_write_items")


def serialize_dynamodb_writes() -> None:
    """Make each emulated DynamoDB write request atomic with respect to the others, as on AWS.

    moto's TransactWriteItems copies the tables it touches before it starts and, when a
    condition refuses it, puts the copies back — undoing what other threads wrote meanwhile
    (a lost update DynamoDB never makes). Concurrent tests (two consumers racing for one
    claim) and local mode (the ticker's thread next to the HTTP server) run writes at the
    same time, so every write request takes one lock. Installed once per process.
    """
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_kontakt_serialized", False):
        return
    lock = threading.RLock()

    def serialized(method):
        def write(self, *args, **kwargs):
            with lock:
                return method(self, *args, **kwargs)

        write.__wrapped__ = method
        return write

    for name in _WRITE_REQUESTS:
        setattr(DynamoDBBackend, name, serialized(getattr(DynamoDBBackend, name)))
    DynamoDBBackend._kontakt_serialized = True


def _sub_stack_name(value, stack_name: str):
    """A name given as ``{"Fn::Sub": "${AWS::StackName}..."}`` (the only form resolved here)."""
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        return value["Fn::Sub"].replace("${AWS::StackName}", stack_name)
    return value if isinstance(value, str) else None


def _complete(template: dict, stack_name: str, outputs: dict) -> None:
    """Do what AWS would for the properties and resources moto's CloudFormation ignores."""
    import boto3

    resources = template["Resources"]
    dynamodb = boto3.client("dynamodb")
    for resource in resources.values():
        ttl = resource.get("Properties", {}).get("TimeToLiveSpecification")
        if resource["Type"] == "AWS::DynamoDB::Table" and ttl:
            dynamodb.update_time_to_live(TableName=outputs["TableName"], TimeToLiveSpecification=ttl)
    ses = boto3.client("ses")
    for resource in resources.values():
        name = _sub_stack_name(resource.get("Properties", {}).get("Name"), stack_name)
        if resource["Type"] == "AWS::SES::ConfigurationSet" and name:
            ses.create_configuration_set(ConfigurationSet={"Name": name})


def env_name(output_key: str) -> str:
    """The environment variable of a stack output: ``SendQueueUrl`` → ``SEND_QUEUE_URL``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", output_key).upper()


def outputs_to_env(outputs: dict) -> dict[str, str]:
    """The environment the deployed functions would get from these stack outputs."""
    return {env_name(key): value for key, value in outputs.items()}


def drain_queues(app=None, max_rounds: int = 100_000, include_delayed: bool = False) -> int:
    """Deliver every message waiting in the emulated queues to its consumer; how many were processed.

    ``POST /_local/schedules/{name}`` and the local ticker call it after a scheduled
    function, so that the work the function queued is done when they return. For each
    ``@app.on_sqs_message`` function: receive up to its batch size, invoke it with the
    SQS event Lambda would build, delete what it processed, and make the records it
    reported as failed (``batchItemFailures``, or all of them if it raised) visible again
    at once, so a retry happens now rather than after the visibility timeout. The
    queue's redrive policy still applies: a record that fails ``maxReceiveCount`` times
    moves to the dead-letter queue, as on AWS. ``include_delayed``: messages sent with a
    delay (a transactional message's retry, 60 s) are delivered now too, as if the delay
    had passed — local mode drives time through the events, not the wall clock. Returns
    the number of messages that were processed successfully (deleted).
    """
    import boto3
    from chalice.app import SQSEventConfig
    from chalice.local import LambdaContext

    if app is None:
        from app import app
    consumers = [s for s in app.event_sources if isinstance(s, SQSEventConfig)]
    if not consumers:
        return 0
    sqs = boto3.client("sqs", region_name=os.environ.get("AWS_REGION", REGION))
    urls = {}
    for source in consumers:
        if source.queue:
            try:
                urls[source.name] = sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
            except sqs.exceptions.QueueDoesNotExist:
                continue
    processed = 0
    if include_delayed:
        _end_delays(urls.values())
    for _ in range(max_rounds):
        delivered = 0
        for source in consumers:
            url = urls.get(source.name)
            if url is None:
                continue
            received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(source.batch_size, 10),
                                           AttributeNames=["All"], MessageAttributeNames=["All"])
            messages = received.get("Messages", [])
            if not messages:
                continue
            delivered += len(messages)
            processed += _deliver(app, sqs, source, url, messages, LambdaContext)
        if not delivered:
            return processed
    raise RuntimeError("drain_queues: the queues did not empty (a consumer keeps re-queueing?)")


def _end_delays(urls) -> None:
    """Make the delayed messages of these emulated queues receivable now (moto keeps the delay per message)."""
    from moto.sqs.models import sqs_backends

    wanted = {url.rstrip("/").rsplit("/", 1)[-1] for url in urls}
    for regions in sqs_backends.values():
        for backend in regions.values():
            for name, queue in backend.queues.items():
                if name in wanted:
                    for message in queue._messages:
                        message.delayed_until = 0


def _sqs_event(url: str, messages: list[dict]) -> dict:
    """The event Lambda's SQS poller hands to a function for ``messages``."""
    account, name = url.rstrip("/").rsplit("/", 2)[-2:]  # https://sqs.<region>.amazonaws.com/<account>/<name>
    arn = f"arn:aws:sqs:{os.environ.get('AWS_REGION', REGION)}:{account}:{name}"
    return {"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": m.get("MessageAttributes", {}),
        "md5OfBody": m.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": arn,
        "awsRegion": os.environ.get("AWS_REGION", REGION),
    } for m in messages]}


def _deliver(app, sqs, source, url: str, messages: list[dict], context_class) -> int:
    """Invoke the consumer with one batch; delete successes, release failures. Successes counted."""
    event = _sqs_event(url, messages)
    try:
        response = app.handler_map[source.name](event, context_class(source.name, memory_size=512))
        failed_ids = {f["itemIdentifier"] for f in (response or {}).get("batchItemFailures", [])}
    except Exception as exc:  # noqa: BLE001 - Lambda would retry the whole batch; so do we
        from chalicelib.observability import mask

        print(f"[queues] {source.name} failed: {type(exc).__name__}: {mask(str(exc))}")
        failed_ids = {m["MessageId"] for m in messages}
    done = [m for m in messages if m["MessageId"] not in failed_ids]
    retry = [m for m in messages if m["MessageId"] in failed_ids]
    if done:
        sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
    if retry:
        sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
            for i, m in enumerate(retry)])
    return len(done)
