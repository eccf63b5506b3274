"""Post-package step: point the functions' SQS and SNS event sources at this stack's own resources.

    python scripts/bind_event_sources.py build/package/sam.json [--placeholder kontakt-local]

``@app.on_sqs_message(queue=...)`` and ``@app.on_sns_message(topic=...)`` take a *name*,
which Chalice turns into a fixed ARN when it packages the app. The names come from the
configuration, derived from the stack name (``<stack>-send``), which is unknown at package
time: the package is built with the local stand-in ``kontakt-local``. This step finds, for
each such event source, the queue or topic of infra/resources.json whose name is
``${AWS::StackName}<suffix>`` with the same suffix, and replaces the fixed ARN by a reference
to that resource, so that one package deploys to any stack name. An event source that
matches no resource of the template fails the build: it would listen to nothing.

Every SQS event source also gets ``FunctionResponseTypes: [ReportBatchItemFailures]``,
which Chalice cannot express: the consumers answer the records that failed
(Powertools' BatchProcessor), and without it Lambda would ignore that answer and delete
the whole batch, so failed records would neither be retried nor reach the DLQ.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.template_step import rewrite  # noqa: E402

STACK_NAME = "${AWS::StackName}"
_FIXED_ARN = re.compile(r"^arn:\$\{AWS::Partition\}:(sqs|sns):\$\{AWS::Region\}:\$\{AWS::AccountId\}:(.+)$")
_NAME_PROPERTY = {"AWS::SQS::Queue": ("sqs", "QueueName"), "AWS::SNS::Topic": ("sns", "TopicName")}
_EVENT_PROPERTY = {"SQS": "Queue", "SNS": "Topic"}
PARTIAL_BATCH_RESPONSE = ["ReportBatchItemFailures"]


def _stack_named(resources: dict) -> dict[tuple[str, str], str]:
    """(service, name suffix after the stack name) → logical id, for names like ``${AWS::StackName}-send``."""
    found = {}
    for logical_id, resource in resources.items():
        service, prop = _NAME_PROPERTY.get(resource.get("Type"), (None, None))
        name = (resource.get("Properties") or {}).get(prop) if prop else None
        if isinstance(name, dict) and isinstance(name.get("Fn::Sub"), str) and name["Fn::Sub"].startswith(STACK_NAME):
            found[(service, name["Fn::Sub"][len(STACK_NAME):])] = logical_id
    return found


def _reference(service: str, logical_id: str) -> dict:
    return {"Fn::GetAtt": [logical_id, "Arn"]} if service == "sqs" else {"Ref": logical_id}


def bind(template: dict, placeholder: str) -> list[str]:
    """Rewrite the event sources of ``template`` in place; a line per binding made.

    Raises ValueError for an event source bound to the placeholder stack that matches no resource.
    """
    resources = template.get("Resources", {})
    named = _stack_named(resources)
    done = []
    for function_id, function in resources.items():
        if function.get("Type") != "AWS::Serverless::Function":
            continue
        for event_id, event in ((function.get("Properties") or {}).get("Events") or {}).items():
            if event.get("Type") == "SQS":
                event.setdefault("Properties", {})["FunctionResponseTypes"] = list(PARTIAL_BATCH_RESPONSE)
                done.append(f"{function_id}.{event_id} reports partial batch failures")
            prop = _EVENT_PROPERTY.get(event.get("Type"))
            value = (event.get("Properties") or {}).get(prop) if prop else None
            arn = value.get("Fn::Sub") if isinstance(value, dict) else None
            match = _FIXED_ARN.match(arn) if isinstance(arn, str) else None
            if not match:
                continue
            service, name = match.groups()
            if not name.startswith(placeholder):
                continue  # a resource outside this stack, named in full: leave it
            logical_id = named.get((service, name[len(placeholder):]))
            if logical_id is None:
                raise ValueError(f"{function_id}.{event_id} listens to '{name}', which no {service.upper()} "
                                 f"resource of the template is named like (${{AWS::StackName}}"
                                 f"{name[len(placeholder):]})")
            event["Properties"][prop] = _reference(service, logical_id)
            done.append(f"{function_id}.{event_id} -> {logical_id}")
    return done


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("--placeholder", default="kontakt-local",
                        help="the stack name the app was packaged with (TABLE_NAME's default)")
    args = parser.parse_args(argv[1:])
    return rewrite(args.template, "bind_event_sources", lambda template: bind(template, args.placeholder), (ValueError,))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
