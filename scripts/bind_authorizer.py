"""Post-package step: the back office's Cognito authorizer on this stack's user pool, and API
Gateway's own answers in the error shape of SPEC §5.

    python scripts/bind_authorizer.py build/package/sam.json

Chalice writes ``CognitoUserPoolAuthorizer`` (chalicelib/api/http.py ``BACKOFFICE``) into the
API definition with the provider ARN the app names at import, a placeholder: the pool is a
deployment parameter (``CognitoUserPoolId``, from the web-app stack of infra/webapp.json), not
known when the app is imported. This step replaces that ARN by one built from the parameter
(the pool's region is the part of its id before ``_``), and fails the build when the template
has no such authorizer, another provider ARN, or no ``CognitoUserPoolId`` parameter.

It also puts the gateway responses of infra/gateway-responses.json (UNAUTHORIZED, ACCESS_DENIED,
…) into the API definition (``x-amazon-apigateway-gateway-responses``) with the stage's CORS
origin (``CORS_ALLOW_ORIGIN`` of the API function, from .chalice/config.json), so that the SPA can
read a 401 of the authorizer. In the definition rather than as ``AWS::ApiGateway::GatewayResponse``
resources: those are applied outside the stage's deployment, and SAM's next deployment of the API
drops them (aws/serverless-application-model#390, #623).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.template_step import rewrite  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GATEWAY_RESPONSES = ROOT / "infra" / "gateway-responses.json"
POOL_PARAMETER = "CognitoUserPoolId"
POOL_REGION = {"Fn::Select": [0, {"Fn::Split": ["_", {"Ref": POOL_PARAMETER}]}]}
POOL_ARN = {"Fn::Sub": ["arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/"
                        "${CognitoUserPoolId}", {"PoolRegion": POOL_REGION}]}
COGNITO = "cognito_user_pools"


def _placeholder() -> str:
    sys.path.insert(0, str(ROOT))
    from chalicelib.api.http import POOL_ARN_PLACEHOLDER

    return POOL_ARN_PLACEHOLDER


def gateway_responses(origin: str) -> dict:
    """The gateway responses of infra/gateway-responses.json, each readable from ``origin``."""
    responses = {name: spec for name, spec in json.loads(GATEWAY_RESPONSES.read_text()).items()
                 if not name.startswith("_")}
    for spec in responses.values():
        spec.setdefault("responseParameters", {})["gatewayresponse.header.Access-Control-Allow-Origin"] = f"'{origin}'"
    return responses


def bind(template: dict, placeholder: str) -> list[str]:
    """Bind the authorizer and add the gateway responses to ``template`` in place; a line per change."""
    if POOL_PARAMETER not in template.get("Parameters", {}):
        raise ValueError(f"the template has no parameter {POOL_PARAMETER} (infra/resources.json)")
    resources = template["Resources"]
    definition = resources["RestAPI"]["Properties"]["DefinitionBody"]
    cognito = {name: scheme for name, scheme in definition.get("securityDefinitions", {}).items()
               if scheme.get("x-amazon-apigateway-authtype") == COGNITO}
    if not cognito:
        raise ValueError("the API has no Cognito user pool authorizer: back-office routes would be open")
    done = []
    for name, scheme in cognito.items():
        authorizer = scheme["x-amazon-apigateway-authorizer"]
        if authorizer.get("providerARNs") != [placeholder]:
            raise ValueError(f"authorizer {name}: provider ARNs {authorizer.get('providerARNs')!r}, expected the "
                             f"placeholder of chalicelib/api/http.py")
        authorizer["providerARNs"] = [POOL_ARN]
        done.append(f"authorizer {name} uses the user pool {POOL_PARAMETER}")
    origin = resources["APIHandler"]["Properties"].get("Environment", {}).get("Variables", {}).get("CORS_ALLOW_ORIGIN")
    if not origin or not isinstance(origin, str):
        raise ValueError("the API function has no CORS_ALLOW_ORIGIN (.chalice/config.json, per stage)")
    definition["x-amazon-apigateway-gateway-responses"] = gateway_responses(origin)
    done.append(f"gateway responses {', '.join(definition['x-amazon-apigateway-gateway-responses'])} "
                f"in the error shape, readable from {origin}")
    return done


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", type=Path)
    args = parser.parse_args(argv[1:])
    return rewrite(args.template, "bind_authorizer", lambda template: bind(template, _placeholder()),
                   (ValueError, KeyError))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
