"""Emulated AWS for local mode and tests: the production infra template on moto's CloudFormation."""
from __future__ import annotations

import json
import os
from pathlib import Path

INFRA_TEMPLATE = Path(__file__).resolve().parent.parent / "infra" / "resources.json"
STACK_NAME = "kontakt-local"


def fake_credentials() -> None:
    """Credentials and region for the emulator; never real ones."""
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_SECURITY_TOKEN", "testing"), ("AWS_SESSION_TOKEN", "testing"),
                        ("AWS_DEFAULT_REGION", "eu-central-2"), ("AWS_REGION", "eu-central-2")):
        os.environ[name] = value


def deploy_infra(stack_name: str = STACK_NAME) -> dict:
    """Create the stack of ``infra/resources.json`` on the (already active) emulator; its outputs."""
    import boto3

    template = json.loads(INFRA_TEMPLATE.read_text())
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(StackName=stack_name, TemplateBody=json.dumps(template))
    stack = cloudformation.describe_stacks(StackName=stack_name)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    # moto's CloudFormation does not apply TimeToLiveSpecification: do what AWS would.
    dynamodb = boto3.client("dynamodb")
    for resource in template["Resources"].values():
        ttl = resource.get("Properties", {}).get("TimeToLiveSpecification")
        if resource["Type"] == "AWS::DynamoDB::Table" and ttl:
            dynamodb.update_time_to_live(TableName=outputs["TableName"], TimeToLiveSpecification=ttl)
    return outputs
