"""Lambda SnapStart (``Stage.snap_start``): the chosen HTTP functions snapshot their published
version, API Gateway invokes it through the ``live`` alias, and the others stay as they were.
The app's initialisation leaves nothing in the snapshot that must be unique per environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

from chalicelib.handlers import HTTP_CAPABILITIES
from tests.infra.cfn import flatten, props, referenced, resources

INTEGRATION = "x-amazon-apigateway-integration"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _http_functions(api: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    found = {}
    for name, resource in resources(api, "AWS::Lambda::Function").items():
        capability = props(resource).get("Environment", {}).get("Variables", {}).get("CAPABILITY")
        if capability:
            found[capability] = (name, props(resource))
    return found


def _invoked(api: dict[str, Any]) -> dict[str, set[str]]:
    """Capability -> what its routes' integrations invoke (``name`` or ``name:qualifier``)."""
    [rest_api] = resources(api, "AWS::Serverless::Api").values()
    invoked: dict[str, set[str]] = {}
    for path, operations in props(rest_api)["DefinitionBody"]["paths"].items():
        for operation in operations.values():
            if isinstance(operation, dict) and INTEGRATION in operation:
                uri = flatten(operation[INTEGRATION]["uri"])
                target = re.search(r":function:([^/]+)/invocations$", uri)
                assert target, uri
                invoked.setdefault(path.split("/")[2], set()).add(target[1])
    return invoked


def _permissions_for(api: dict[str, Any], function: str) -> list[dict[str, Any]]:
    return [props(p) for p in resources(api, "AWS::Lambda::Permission").values()
            if function in referenced(props(p)["FunctionName"], {})]


def test_production_snapshots_the_sign_in_path(synth: Any) -> None:
    from stages import STAGES

    assert synth.stage.snap_start == ("auth", "accounts")
    assert STAGES["staging"].snap_start == ()  # the rehearsal stage pays for no snapshots


def test_snap_start_is_on_the_published_version_behind_the_live_alias(synth: Any) -> None:
    functions = _http_functions(synth.api)
    versions = resources(synth.api, "AWS::Lambda::Version")
    aliases = resources(synth.api, "AWS::Lambda::Alias")
    invoked = _invoked(synth.api)
    for capability in synth.stage.snap_start:
        name, function = functions[capability]
        assert function["SnapStart"] == {"ApplyOn": "PublishedVersions"}, capability
        [(version_id, version)] = [(v, r) for v, r in versions.items()
                                   if props(r)["FunctionName"] == {"Ref": name}]
        # a replaced version goes with its cached snapshot (billed while it exists)
        assert version["DeletionPolicy"] == "Delete"
        [alias] = [props(a) for a in aliases.values() if props(a)["FunctionName"] == {"Ref": name}]
        assert alias["Name"] == "live"
        assert alias["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}
        function_name = function["FunctionName"]
        assert invoked[capability] == {f"{function_name}:live"}, capability
        [permission] = _permissions_for(synth.api, name)
        assert flatten(permission["FunctionName"]).endswith(":live"), capability
        assert permission["Principal"] == "apigateway.amazonaws.com"


def test_the_other_functions_run_as_before(synth: Any) -> None:
    functions = _http_functions(synth.api)
    invoked = _invoked(synth.api)
    aliased = {props(a)["FunctionName"]["Ref"]
               for a in resources(synth.api, "AWS::Lambda::Alias").values()}
    others = [c for c in HTTP_CAPABILITIES if c not in synth.stage.snap_start]
    assert others
    for capability in others:
        name, function = functions[capability]
        assert function.get("SnapStart", {"ApplyOn": "None"}) == {"ApplyOn": "None"}, capability
        assert name not in aliased
        assert invoked[capability] == {function["FunctionName"]}, capability
        [permission] = _permissions_for(synth.api, name)
        assert permission["FunctionName"] == {"Fn::GetAtt": [name, "Arn"]}, capability
    for name, worker in resources(synth.api, "AWS::Serverless::Function").items():
        assert "SnapStart" not in props(worker), name  # SQS and schedules invoke $LATEST


PROBE = """
import json, sys
import app
from chalicelib.store.shared import aws
from chalicelib.store.shared.models import ALL_MODELS
print(json.dumps({
    "clients": aws.client.cache_info().currsize,
    "transactions": aws.transactions.cache_info().currsize,
    "connections": [m.__name__ for m in ALL_MODELS if getattr(m, "_connection", None)],
    "random": sorted(n for n, mod in list(sys.modules.items())
                     if n.startswith("chalicelib") and mod and "random" in vars(mod)),
}))
"""


def test_initialisation_opens_no_connection_and_seeds_nothing(synth: Any) -> None:
    """The snapshot is taken after ``import app``: an AWS client or pynamodb connection made
    then would be restored in every environment with the same (stale) sockets, and a random
    state made then would repeat across them. The app makes its clients on first use and draws
    every secret from ``secrets`` at the time it is needed, so no after-restore hook is due."""
    for capability in synth.stage.snap_start:
        env = {**os.environ, "CAPABILITY": capability, "AWS_DEFAULT_REGION": "us-east-1",
               **synth.stage.process_environment()}
        output = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO_ROOT, env=env,
                                check=True, capture_output=True, text=True).stdout
        state = json.loads(output.strip().splitlines()[-1])
        assert state == {"clients": 0, "transactions": 0, "connections": [],
                         "random": []}, capability
