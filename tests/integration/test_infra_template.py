"""Infra and code agree: the template lints, the table has what production needs, the packaged
(merged) template gives every function the table and only the permissions it uses, and the
table deployed to the emulator has the keys the PynamoDB models expect."""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra" / "resources.json"


def _lint(path: Path) -> list[str]:
    """cfn-lint's findings for a template (errors and warnings; informational ones are ignored)."""
    from cfnlint.api import lint_file

    return [str(match) for match in lint_file(path) if match.rule.id[0] in "EW"]


def _resolve_table(template: dict) -> dict:
    tables = [r for r in template["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert len(tables) == 1, "kontakt keeps everything in one table"
    return tables[0]["Properties"]


# --- infra/resources.json ----------------------------------------------------------------


def test_infra_template_passes_cfn_lint():
    assert _lint(INFRA) == []


def test_table_has_point_in_time_recovery_encryption_ttl_and_the_due_index():
    table = _resolve_table(json.loads(INFRA.read_text()))

    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    due = {index["IndexName"]: index for index in table["GlobalSecondaryIndexes"]}["due"]
    assert [(k["AttributeName"], k["KeyType"]) for k in due["KeySchema"]] == [("due_shard", "HASH"),
                                                                              ("due_at", "RANGE")]


def test_the_table_survives_a_stack_delete_or_replacement_and_the_topics_are_encrypted():
    template = json.loads(INFRA.read_text())
    [(table_id, table)] = [(k, r) for k, r in template["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table"]

    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    topics = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SNS::Topic"]
    queues = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SQS::Queue"]
    assert topics and all(topic.get("KmsMasterKeyId") == {"Ref": "TopicsKey"} for topic in topics)
    assert queues and all(queue.get("SqsManagedSseEnabled") is True or queue.get("KmsMasterKeyId") for queue in queues)
    key = template["Resources"]["TopicsKey"]["Properties"]
    assert key["EnableKeyRotation"] is True
    publishers = [s["Principal"].get("Service") for s in key["KeyPolicy"]["Statement"]]
    assert ["ses.amazonaws.com", "cloudwatch.amazonaws.com"] in publishers  # they publish to the topics


def test_the_failed_messages_alarm_watches_the_metric_the_send_path_writes():
    # A renamed metric or namespace would leave the alarm silent for ever.
    import json as _json

    from chalicelib import metrics
    from chalicelib.observability import SERVICE

    template = json.loads(INFRA.read_text())
    alarm = template["Resources"]["MessagingFailedMessagesAlarm"]["Properties"]
    stages = _json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"]

    assert alarm["MetricName"] == metrics.MESSAGES_FAILED
    assert alarm["Dimensions"] == [{"Name": "service", "Value": SERVICE}]
    assert {s["environment_variables"]["POWERTOOLS_METRICS_NAMESPACE"] for s in stages.values()} == {
        alarm["Namespace"]}
    assert alarm["AlarmActions"] == [{"Ref": "SchedulingOperatorAlarmTopic"}]


def test_every_function_variable_from_a_stack_resource_reaches_local_mode_as_an_output():
    # Globals give deployed functions their variables; local mode takes the same ones from outputs.
    from local.emulator import env_name

    template = json.loads(INFRA.read_text())
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    parameters = set(template.get("Parameters", {}))
    from_parameters = {name for name, value in variables.items()
                       if parameters & set(_references(value))}
    exported = {env_name(key) for key in template["Outputs"]}

    assert "TABLE_NAME" in variables
    assert set(variables) - from_parameters <= exported


def _references(value) -> list[str]:
    """Names a CloudFormation value refers to (Ref, GetAtt, ${...} in Sub)."""
    import re

    if isinstance(value, dict):
        found = []
        for key, inner in value.items():
            if key == "Ref":
                found.append(inner)
            elif key == "Fn::GetAtt":
                found.append(inner[0])
            elif key == "Fn::Sub":
                text = inner if isinstance(inner, str) else inner[0]
                found += [n.split(".")[0] for n in re.findall(r"\$\{([^}!]+)\}", text)]
                found += _references(inner[1]) if isinstance(inner, list) else []
            else:
                found += _references(inner)
        return found
    if isinstance(value, list):
        return [name for item in value for name in _references(item)]
    return []


# --- the packaged (merged) template -------------------------------------------------------


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> tuple[dict, Path]:
    """``chalice package --merge-template infra/resources.json`` + event-source and authorizer binding +
    hardening, as make does."""
    out = tmp_path_factory.mktemp("package") / "prod"
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
           "AWS_DEFAULT_REGION": "eu-central-2", "AWS_REGION": "eu-central-2"}
    chalice = Path(sys.executable).with_name("chalice")
    for command in ([str(chalice), "package", "--stage", "prod", "--merge-template", str(INFRA), str(out)],
                    [sys.executable, "scripts/bind_event_sources.py", str(out / "sam.json")],
                    [sys.executable, "scripts/bind_authorizer.py", str(out / "sam.json")],
                    [sys.executable, "scripts/harden_template.py", str(out / "sam.json")]):
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "sam.json").read_text()), out / "sam.json"


def _functions(template: dict) -> dict:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def _statements(template: dict, function: dict) -> list[dict]:
    role = template["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]
    return [s for policy in role["Properties"]["Policies"] for s in policy["PolicyDocument"]["Statement"]]


def _actions(statements: list[dict]) -> set[str]:
    return {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}


def test_packaged_template_passes_cfn_lint(packaged):
    assert _lint(packaged[1]) == []


def test_every_log_group_has_a_retention_and_every_function_logs_into_one_of_the_stack(packaged):
    template, _ = packaged
    resources = template["Resources"]
    groups = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
    assert groups and all(group["RetentionInDays"] == {"Ref": "LogRetentionDays"} for group in groups.values())
    for name, function in _functions(template).items():
        target = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert target in groups, name
        # inside the functions' own log permissions (/aws/lambda/<stack>-*)
        assert groups[target]["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/${{AWS::StackName}}-{name}"}
        granted = json.dumps(_statements(template, function))
        assert "log-group:/aws/lambda/${AWS::StackName}-*:log-stream:*" in granted, name


def test_the_api_stage_throttles_and_its_access_log_holds_no_personal_data(packaged):
    template, _ = packaged
    api = template["Resources"]["RestAPI"]["Properties"]

    [setting] = api["MethodSettings"]
    assert (setting["ResourcePath"], setting["HttpMethod"]) == ("/*", "*")
    assert setting["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRateLimit"}
    assert setting["ThrottlingBurstLimit"] == {"Ref": "ApiThrottleBurstLimit"}
    log = api["AccessLogSetting"]
    assert log["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(log["Format"])
    assert "$context.resourcePath" in fields.values() and "$context.status" in fields.values()
    # no IP address, user agent, caller identity or concrete path (ids, unsubscribe tokens)
    for personal in ("identity", "path}", "$context.path", "authorizer", "userAgent", "sourceIp"):
        assert personal not in log["Format"], personal


def _package_check():
    spec = importlib.util.spec_from_file_location("package_check", ROOT / "scripts" / "package_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_back_office_routes_are_behind_the_cognito_authorizer_of_the_stacks_pool(packaged):
    template, path = packaged
    definition = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    [arn] = definition["securityDefinitions"]["BackOffice"]["x-amazon-apigateway-authorizer"]["providerARNs"]
    assert "CognitoUserPoolId" in _references(arn)
    assert definition["paths"]["/customers"]["get"]["security"] == [{"BackOffice": []}]
    assert "security" not in definition["paths"]["/webhooks/{optician_id}/orders"]["post"]
    assert "security" not in definition["paths"]["/customers"]["options"]  # the CORS preflight
    assert _package_check().check_template(path) == []


def test_the_package_check_catches_a_back_office_route_without_the_authorizer_and_a_public_one_with_it(
        packaged, tmp_path):
    template, _ = packaged
    changed = json.loads(json.dumps(template))
    paths = changed["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    del paths["/customers"]["get"]["security"]
    paths["/webhooks/{optician_id}/orders"]["post"]["security"] = [{"BackOffice": []}]
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(changed))

    problems = _package_check().check_template(path)

    assert any("GET /customers lacks the authorizer" in problem for problem in problems), problems
    assert any("public route POST /webhooks/{optician_id}/orders carries" in problem for problem in problems)


def test_api_gateway_answers_in_the_error_shape_readable_by_the_spa(packaged):
    template, _ = packaged
    definition = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    responses = definition["x-amazon-apigateway-gateway-responses"]
    origin = json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"]["prod"][
        "environment_variables"]["CORS_ALLOW_ORIGIN"]
    unauthorized = responses["UNAUTHORIZED"]
    assert unauthorized["statusCode"] == "401"
    assert unauthorized["responseParameters"]["gatewayresponse.header.WWW-Authenticate"] == "'Bearer'"
    assert json.loads(unauthorized["responseTemplates"]["application/json"])["error"]["code"] == "unauthorized"
    for name, response in responses.items():
        assert response["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{origin}'"
        assert response["responseTemplates"]["application/json"].startswith('{"error": {"code": "'), name


def test_an_authorizer_not_named_by_the_app_fails_the_build(packaged, tmp_path):
    template, _ = packaged
    changed = json.loads(json.dumps(template))
    scheme = changed["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["securityDefinitions"]["BackOffice"]
    scheme["x-amazon-apigateway-authorizer"]["providerARNs"] = ["arn:aws:cognito-idp:eu-central-2:1:userpool/x"]
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(changed))
    result = subprocess.run([sys.executable, "scripts/bind_authorizer.py", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "placeholder" in result.stderr


def test_a_packaged_template_without_the_hardening_parameters_fails_the_build(tmp_path):
    template = {"Parameters": {}, "Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {}}}}
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(template))
    result = subprocess.run([sys.executable, "scripts/harden_template.py", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "LogRetentionDays" in result.stderr


def test_every_function_gets_the_table_name_of_this_stack(packaged):
    template, _ = packaged

    assert template["Globals"]["Function"]["Environment"]["Variables"]["TABLE_NAME"] == {"Ref": "KontaktTable"}
    for name, function in _functions(template).items():
        assert "TABLE_NAME" not in function["Properties"].get("Environment", {}).get("Variables", {}), name


def test_every_function_has_its_own_role_with_a_policy_written_for_it():
    # A function added without an entry would run with logs-only rights and fail in AWS.
    from app import app

    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    names = {"api_handler"} | {source.name for source in app.event_sources}
    for stage in ("dev", "prod"):
        entries = config["stages"][stage]["lambda_functions"]
        assert names <= set(entries), f"{stage}: functions without a policy: {names - set(entries)}"
        for name in names:
            assert (ROOT / ".chalice" / entries[name]["iam_policy_file"]).exists()


def test_permissions_are_least_privilege(packaged):
    template, _ = packaged
    functions = _functions(template)
    roles = {f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()}
    assert len(roles) == len(functions), "one role per function"
    for name, function in functions.items():
        statements = _statements(template, function)
        actions = _actions(statements)
        # never everything, never a table scan
        assert not [a for a in actions if a.endswith(":*") or a == "*"], name
        assert "dynamodb:Scan" not in actions, name
        for statement in statements:
            if any(a.startswith("dynamodb:") for a in _actions([statement])):
                refs = set(_references(statement["Resource"]))
                assert refs == {"KontaktTable"}, (name, statement["Resource"])
            if statement.get("Resource") == "*" or "*" in (statement.get("Resource") or []):
                raise AssertionError(f"{name}: unrestricted resource in {statement}")


def test_only_the_scheduler_reads_the_due_index_and_only_the_consumer_takes_from_the_queue(packaged):
    template, _ = packaged
    by_handler = {f["Properties"]["Handler"]: f for f in _functions(template).values()}

    def grants(handler: str) -> str:
        return json.dumps(_statements(template, by_handler[handler]))

    assert "/index/due" in grants("app.due_reminders")
    assert [h for h in by_handler if "/index/due" in grants(h)] == ["app.due_reminders"]
    assert [h for h in by_handler if "sqs:ReceiveMessage" in grants(h)] == ["app.send_due"]
    assert "sns:Publish" not in grants("app.ses_feedback") and "ses:SendRawEmail" not in grants("app.ses_feedback")


def test_queue_and_topic_event_sources_are_this_stacks_resources(packaged):
    template, _ = packaged
    for name, function in _functions(template).items():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] in ("SQS", "SNS"):
                target = event["Properties"]["Queue" if event["Type"] == "SQS" else "Topic"]
                assert set(_references(target)) <= set(template["Resources"]), (name, target)
                assert "Fn::Sub" not in target, f"{name} listens to a fixed name: {target}"


def test_queue_consumers_report_partial_batch_failures(packaged):
    """Without it Lambda deletes a whole batch although the consumer named records to retry."""
    template, _ = packaged
    sqs_events = [event for function in _functions(template).values()
                  for event in function["Properties"].get("Events", {}).values() if event["Type"] == "SQS"]
    assert sqs_events, "the send queue's consumer has an SQS event source"
    for event in sqs_events:
        assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


# --- the emulator's table and the models ----------------------------------------------------


def _models():
    import chalicelib.adapters.dynamo as package
    from chalicelib.adapters.dynamo.base import KontaktModel

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    seen, todo = [], [KontaktModel]
    while todo:
        model = todo.pop()
        seen.append(model)
        todo += model.__subclasses__()
    return seen


def test_deployed_table_matches_what_the_models_expect(aws):
    import boto3

    from chalicelib.config import get_config

    table = boto3.client("dynamodb").describe_table(TableName=get_config().table_name)["Table"]
    keys = {k["KeyType"]: k["AttributeName"] for k in table["KeySchema"]}
    types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    assert len(_models()) > 3
    for model in _models():
        attributes = model.get_attributes()
        hash_key = next(n for n, a in attributes.items() if a.is_hash_key)
        range_key = next(n for n, a in attributes.items() if a.is_range_key)
        assert (attributes[hash_key].attr_name, attributes[range_key].attr_name) == (keys["HASH"], keys["RANGE"])
        assert types[keys["HASH"]] == types[keys["RANGE"]] == "S"
    ttl = boto3.client("dynamodb").describe_time_to_live(TableName=table["TableName"])
    assert ttl["TimeToLiveDescription"]["AttributeName"] == "expires_at"
    indexes = {i["IndexName"]: i for i in table["GlobalSecondaryIndexes"]}
    assert [k["AttributeName"] for k in indexes["due"]["KeySchema"]] == ["due_shard", "due_at"]


# --- the post-package steps ------------------------------------------------------------------


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_event_source_on_a_queue_the_stack_lacks_fails_the_build():
    bind = _script("bind_event_sources")
    template = {"Resources": {
        "SendQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "${AWS::StackName}-send"}}},
        "Consumer": {"Type": "AWS::Serverless::Function", "Properties": {"Events": {"E": {"Type": "SQS", "Properties": {
            "Queue": {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:kontakt-local-sent"}}}}}},
    }}

    with pytest.raises(ValueError, match="kontakt-local-sent"):
        bind.bind(template, "kontakt-local")


def test_slimming_drops_what_lambda_provides_unused_locales_and_what_nothing_reads_only():
    slim = _script("slim_package")
    site = slim.LAYER_PREFIX
    swagger = f"{site}aws_lambda_powertools/event_handler/openapi/swagger_ui"

    dropped = [name for name in (
        f"{site}botocore/client.py", f"{site}botocore-1.44.5.dist-info/RECORD", f"{site}dateutil/tz/tz.py",
        f"{site}six.py", f"{site}babel/locale-data/ja.dat", f"{site}babel/locale-data/de_AT.dat",
        "chalicelib/__pycache__/config.cpython-311.pyc", f"{swagger}/swagger-ui-bundle.min.js",
        f"{swagger}/swagger-ui.min.css", f"{site}msgspec/structs.pyi", f"{site}jinja2/py.typed",
        f"{site}babel-2.18.0.dist-info/RECORD", f"{site}babel-2.18.0.dist-info/WHEEL",
        f"{site}pynamodb-6.1.0.dist-info/top_level.txt", f"{site}pynamodb-6.1.0.dist-info/INSTALLER",
    ) if slim.should_drop(name)]
    kept = [name for name in (
        f"{site}babel/locale-data/de_CH.dat", f"{site}babel/locale-data/en_150.dat", f"{site}babel/locale-data/root.dat",
        f"{site}babel/global.dat", f"{site}pynamodb/models.py", f"{site}jmespath/parser.py", f"{site}tzdata/__init__.py",
        "chalicelib/templates/de/webshop_login.j2", "app.py", f"{swagger}/html.py",
        f"{site}markupsafe-3.0.4.dist-info/METADATA", f"{site}babel-2.18.0.dist-info/entry_points.txt",
        f"{site}babel-2.18.0.dist-info/licenses/LICENSE", f"{site}tzdata/zoneinfo/Europe/Zurich",
    ) if slim.should_drop(name)]

    assert len(dropped) == 15 and kept == []
