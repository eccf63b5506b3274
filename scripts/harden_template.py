"""Post-package step: every function logs to a log group of this stack with a retention, and the
API stage throttles and writes access logs (SPEC §9).

    python scripts/harden_template.py build/package/sam.json

Chalice creates the functions and the REST API itself, so infra/resources.json cannot hold
their settings (the emulator deploys that file on its own, without the functions). This step
gives each ``AWS::Serverless::Function`` its own ``AWS::Logs::LogGroup``
(``/aws/lambda/<stack>-<LogicalId>``: inside the functions' log permissions, and never the
group Lambda would create by itself, so a stack that already ran deploys without a name
clash) with ``RetentionInDays`` = the ``LogRetentionDays`` parameter, and points the function's
``LoggingConfig`` at it. A function added later gets one too: no log group is kept for ever.

The API stage (``RestAPI``) gets throttling for every method (``ApiThrottleRateLimit`` /
``ApiThrottleBurstLimit`` parameters) and an access log into ``ApiAccessLogGroup`` in JSON
with no personal data: no source IP, no user agent, no path (paths carry ids and
unsubscribe tokens) — only the route template, status, sizes and latencies.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.template_step import rewrite  # noqa: E402

RETENTION = {"Ref": "LogRetentionDays"}
ACCESS_LOG_GROUP = "ApiAccessLogGroup"
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId",
    "time": "$context.requestTimeEpoch",
    "method": "$context.httpMethod",
    "route": "$context.resourcePath",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integrationLatency",
    "error": "$context.error.responseType",
}, separators=(",", ":"))


def harden(template: dict) -> list[str]:
    """Add the log groups and the stage settings to ``template`` in place; a line per change."""
    resources = template["Resources"]
    for name in ("LogRetentionDays", "ApiThrottleRateLimit", "ApiThrottleBurstLimit"):
        if name not in template.get("Parameters", {}):
            raise ValueError(f"the template has no parameter {name} (infra/resources.json)")
    done = []
    functions = [k for k, r in resources.items() if r.get("Type") == "AWS::Serverless::Function"]
    for function_id in functions:
        group_id = f"{function_id}LogGroup"
        resources[group_id] = {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": {"Fn::Sub": f"/aws/lambda/${{AWS::StackName}}-{function_id}"},
                           "RetentionInDays": RETENTION},
        }
        resources[function_id]["Properties"]["LoggingConfig"] = {"LogGroup": {"Ref": group_id}}
        done.append(f"{function_id} logs to {group_id}")
    api = resources.get("RestAPI")
    if api is not None:
        if ACCESS_LOG_GROUP not in resources:
            raise ValueError(f"the template has no {ACCESS_LOG_GROUP} for the API's access log")
        api["Properties"]["MethodSettings"] = [{
            "ResourcePath": "/*", "HttpMethod": "*",
            "ThrottlingRateLimit": {"Ref": "ApiThrottleRateLimit"},
            "ThrottlingBurstLimit": {"Ref": "ApiThrottleBurstLimit"},
            "MetricsEnabled": True,
        }]
        api["Properties"]["AccessLogSetting"] = {
            "DestinationArn": {"Fn::GetAtt": [ACCESS_LOG_GROUP, "Arn"]}, "Format": ACCESS_LOG_FORMAT}
        done.append("RestAPI throttles and writes its access log")
    return done


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", type=Path)
    args = parser.parse_args(argv[1:])
    return rewrite(args.template, "harden_template", harden, (ValueError,))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
