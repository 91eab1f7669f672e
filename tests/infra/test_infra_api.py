"""The API stack: every route reaches its own capability's function; the gateway's own answers."""

from __future__ import annotations

import inspect
import json
import re
import zipfile
from typing import Any

from chalicelib import settings as settings_module
from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES, WORKER_CAPABILITIES
from tests.infra.cfn import flatten, props, referenced, resources

INTEGRATION = "x-amazon-apigateway-integration"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
NOT_FOUND = {"error": {"code": "not_found", "message": "El recurso solicitado no existe."}}


def _rest_api(api: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    found = resources(api, "AWS::Serverless::Api")
    assert len(found) == 1, found.keys()
    return next(iter(found.items()))


def _routes(api: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    body = props(_rest_api(api)[1])["DefinitionBody"]
    return [(path, method, operation) for path, operations in body["paths"].items()
            for method, operation in operations.items() if method in HTTP_METHODS]


def _functions_by_name(api: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {props(resource)["FunctionName"]: (name, props(resource))
            for name, resource in resources(api, "AWS::Lambda::Function").items()
            if isinstance(props(resource).get("FunctionName"), str)}


def _capability_functions(api: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, resource in resources(api, "AWS::Lambda::Function").items():
        capability = props(resource).get("Environment", {}).get("Variables", {}).get("CAPABILITY")
        if capability is not None:
            assert capability not in found, f"two functions for {capability}"
            found[capability] = (name, props(resource))
    return found


def test_every_route_of_the_app_is_in_the_deployed_api(synth: Any) -> None:
    packaged = {(path, method.lower()) for path, entries in synth.chalice_app.routes.items()
                for method in entries}
    deployed = {(path, method) for path, method, _ in _routes(synth.api)}
    assert packaged, "the Chalice app has no routes"
    assert packaged == deployed


def test_every_route_integrates_with_its_own_capability_function(synth: Any) -> None:
    functions = _functions_by_name(synth.api)
    routes = _routes(synth.api)
    assert routes
    for path, method, operation in routes:
        capability = path.split("/")[2]
        assert path.startswith(f"/api/{capability}") and capability in HTTP_CAPABILITIES, path
        integration = operation[INTEGRATION]
        assert integration["type"] == "aws_proxy"
        uri = flatten(integration["uri"])
        # A SnapStart function is invoked through its alias (function:<name>:live).
        match = re.search(r":lambda:path/2015-03-31/functions/arn:.*:function:([^/:]+)"
                          r"(?::live)?/invocations$", uri)
        assert match, f"{method} {path}: {uri}"
        assert match[1] in functions, f"{method} {path} invokes {match[1]}, not in this stack"
        _, function = functions[match[1]]
        assert function["Environment"]["Variables"]["CAPABILITY"] == capability, (method, path)


def test_the_all_in_one_handler_is_gone(synth: Any) -> None:
    text = json.dumps(synth.api)
    assert "APIHandler" not in text
    assert "DefaultRole" not in synth.api["Resources"]
    for name, function in resources(synth.api, "AWS::Serverless::Function").items():
        assert props(function)["Handler"].startswith("chalicelib.handlers."), name


def test_one_function_per_http_capability_from_the_chalice_package(synth: Any) -> None:
    functions = _capability_functions(synth.api)
    assert set(functions) == set(HTTP_CAPABILITIES)
    layers = resources(synth.api, "AWS::Serverless::LayerVersion")
    workers = resources(synth.api, "AWS::Serverless::Function")
    code = {json.dumps(props(w)["CodeUri"], sort_keys=True) for w in workers.values()}
    assert len(layers) == 1 and len(code) == 1
    for capability, (_, function) in functions.items():
        assert function["Handler"] == "app.app", capability
        assert function["Runtime"] == "python3.12", capability
        assert function["Layers"] == [{"Ref": next(iter(layers))}], capability
        packaged = {"Bucket": function["Code"]["S3Bucket"], "Key": function["Code"]["S3Key"]}
        assert json.dumps(packaged, sort_keys=True) in code, capability


def test_packages_hold_the_app_and_its_dependencies_compiled(synth: Any) -> None:
    [key] = {f["Code"]["S3Key"] for _, f in _capability_functions(synth.api).values()}
    with zipfile.ZipFile(synth.outdir / f"asset.{key}") as archive:
        names = set(archive.namelist())
    assert {"app.py", "__pycache__/app.cpython-312.pyc"} <= names
    for capability in ALL_CAPABILITIES:
        assert f"chalicelib/handlers/__pycache__/{capability}.cpython-312.pyc" in names
    assert {name.split("/")[0] for name in names} <= {"app.py", "__pycache__", "chalicelib",
                                                     "chalice"}
    [layer] = resources(synth.api, "AWS::Serverless::LayerVersion").values()
    with zipfile.ZipFile(synth.outdir / f"asset.{props(layer)['ContentUri']['Key']}") as archive:
        names = set(archive.namelist())
    site = "python/lib/python3.12/site-packages"
    assert f"{site}/pynamodb/__pycache__/models.cpython-312.pyc" in names
    assert not any(name.startswith(f"{site}/boto3/") for name in names)  # the runtime's
    # chalice's runtime rides in the code zip; its CLI and installers have no place in Lambda
    for tooling in ("chalice", "pip", "setuptools", "wheel", "click", "inquirer"):
        assert not any(name.startswith(f"{site}/{tooling}/") for name in names), tooling


def test_functions_get_every_setting_the_app_reads(synth: Any) -> None:
    read = set(re.findall(r'_(?:env|positive_int)\("([A-Z_]+)"',
                          inspect.getsource(settings_module)))
    read -= {"AWS_DEFAULT_REGION"}  # set by the Lambda runtime
    read -= {"AWS_ENDPOINT_URL"}  # moto's address, local stack only: never set in AWS
    assert {"STAGE", "TABLE_PREFIX", "SITE_URL"} <= read
    stage = synth.stage
    workers = resources(synth.api, "AWS::Serverless::Function")
    http_only = {"ORIGIN_SECRET"}  # the edge check guards HTTP requests; workers serve none
    environments = [(read, function["Environment"]["Variables"])
                    for _, function in _capability_functions(synth.api).values()]
    environments += [(read - http_only, props(w)["Environment"]["Variables"])
                     for w in workers.values()]
    assert len(environments) == len(HTTP_CAPABILITIES) + len(WORKER_CAPABILITIES)
    for needed, variables in environments:
        assert needed <= set(variables), needed - set(variables)
        assert "AWS_ENDPOINT_URL" not in variables
        assert variables["STAGE"] == stage.name
        assert variables["TABLE_PREFIX"] == stage.table_prefix
        assert variables["KMS_KEY_ALIAS"] == stage.kms_key_alias
        assert variables["MAIL_FROM"] == stage.mail_from
        assert variables["LOGIN_FAILURES_PER_IP"] == str(stage.login_failures_per_address)
        assert variables["COMPLAINT_FILINGS_PER_IP"] == str(stage.complaint_filings_per_address)
        assert variables["COMPLAINT_LOOKUP_FAILURES_PER_IP"] == \
            str(stage.complaint_lookup_failures_per_address)


def test_api_gateway_may_invoke_each_capability_function(synth: Any) -> None:
    rest_api, _ = _rest_api(synth.api)
    permissions = resources(synth.api, "AWS::Lambda::Permission")
    for capability, (function, _) in _capability_functions(synth.api).items():
        mine = [props(p) for p in permissions.values()
                if function in referenced(props(p)["FunctionName"], {})]
        assert len(mine) == 1, capability
        assert mine[0]["Principal"] == "apigateway.amazonaws.com"
        assert mine[0]["Action"] == "lambda:InvokeFunction"
        assert rest_api in referenced(mine[0]["SourceArn"], {})
        assert flatten(mine[0]["SourceArn"]).endswith(f"/api/{capability}*")


def test_gateway_answers_in_the_error_shape(synth: Any) -> None:
    body = props(_rest_api(synth.api)[1])["DefinitionBody"]
    responses = body["x-amazon-apigateway-gateway-responses"]
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert str(missing["statusCode"]) == "404"
    assert json.loads(missing["responseTemplates"]["application/json"]) == NOT_FOUND
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED"):
        error = json.loads(responses[kind]["responseTemplates"]["application/json"])["error"]
        assert re.fullmatch(r"[a-z_]+", error["code"]) and error["message"], kind


def test_api_is_throttled(synth: Any) -> None:
    stage = synth.stage
    settings = props(_rest_api(synth.api)[1])["MethodSettings"]
    whole = [s for s in settings if s["ResourcePath"] == "/*" and s["HttpMethod"] == "*"]
    assert whole == [{"ResourcePath": "/*", "HttpMethod": "*",
                      "ThrottlingRateLimit": stage.api_rate_limit,
                      "ThrottlingBurstLimit": stage.api_burst_limit}]
    paths = {(path, method) for path, method, _ in _routes(synth.api)}
    # A stage setting names a resource with its slashes as ~1 after the leading one.
    for path, method, setting_path in (("/api/auth/login", "post", "/~1api~1auth~1login"),
                                       ("/api/auth/login/totp", "post",
                                        "/~1api~1auth~1login~1totp")):
        tight = [s for s in settings if s["ResourcePath"] == setting_path
                 and s["HttpMethod"] == method.upper()]
        if (path, method) in paths:
            assert tight and tight[0]["ThrottlingRateLimit"] < stage.api_rate_limit, path
            assert tight[0]["ThrottlingBurstLimit"] < stage.api_burst_limit, path
        else:
            assert not tight, f"a throttle for the missing route {path} fails the deployment"
    # Every other setting names an existing route (a missing one fails the deployment).
    existing = {"/" + path.replace("/", "~1") for path, _ in paths}
    assert {s["ResourcePath"] for s in settings} - {"/*"} <= existing
