"""Reading synthesized CloudFormation templates: resources by type, references across stacks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Template = dict[str, Any]


def resources(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    return {name: resource for name, resource in template["Resources"].items()
            if resource["Type"] == kind}


def props(resource: dict[str, Any]) -> dict[str, Any]:
    return resource.get("Properties", {})


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def exports(*templates: Template) -> dict[str, Any]:
    """Export name -> the exported value (as written in the exporting template)."""
    found = {}
    for template in templates:
        for output in template.get("Outputs", {}).values():
            name = output.get("Export", {}).get("Name")
            if isinstance(name, str):
                found[name] = output["Value"]
    return found


def referenced(value: Any, exported: dict[str, Any]) -> set[str]:
    """Logical ids a value refers to (Ref, GetAtt, ${X} in Sub), through Fn::ImportValue.

    Pseudo parameters (``AWS::Region``) are left out; an import of an unknown export shows as
    ``import:<name>`` so that it can never pass for a reference to something.
    """
    if isinstance(value, list):
        return set().union(*(referenced(inner, exported) for inner in value))
    if not isinstance(value, dict):
        return set()
    found: set[str] = set()
    for key, inner in value.items():
        if key == "Ref":
            found |= _logical_ids([inner])
        elif key == "Fn::GetAtt":
            found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
        elif key == "Fn::ImportValue":
            found |= (referenced(exported[inner], exported) if inner in exported
                      else {f"import:{inner}"})
        elif key == "Fn::Sub":
            text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, {})
            names = [m.split(".")[0] for m in re.findall(r"\$\{([^}!]+)\}", text)]
            found |= _logical_ids([n for n in names if n not in variables])
            found |= referenced(variables, exported)
        else:
            found |= referenced(inner, exported)
    return found


def _logical_ids(names: list[Any]) -> set[str]:
    return {n for n in names if isinstance(n, str) and not n.startswith("AWS::")}


def flatten(value: Any) -> str:
    """A string value with its intrinsics written out: Fn::Join joined, references as {Ref:X}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        key, inner = next(iter(value.items()))
        if key == "Fn::Join":
            separator, parts = inner
            return separator.join(flatten(part) for part in parts)
        if key == "Fn::Sub":
            return inner if isinstance(inner, str) else inner[0]
        if key == "Ref":
            return f"{{Ref:{inner}}}"
        if key == "Fn::GetAtt":
            return f"{{GetAtt:{'.'.join(as_list(inner))}}}"
        if key == "Fn::ImportValue":
            return f"{{Import:{flatten(inner)}}}"
    raise AssertionError(f"cannot flatten {value!r}")


def policy_statements(template: Template) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every identity-policy statement as (where, statement): policies and roles' inline ones."""
    for name, resource in template["Resources"].items():
        kind = resource["Type"]
        if kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            for statement in as_list(props(resource)["PolicyDocument"]["Statement"]):
                yield name, statement
        elif kind == "AWS::IAM::Role":
            for policy in props(resource).get("Policies", []):
                for statement in as_list(policy["PolicyDocument"]["Statement"]):
                    yield f"{name}/{policy.get('PolicyName')}", statement


# --- IAM of a capability's function on a table --------------------------------------------

TABLE_WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem"}


def table_id(synth: Any, suffix: str) -> str:
    [logical] = [name for name, table in resources(synth.data, "AWS::DynamoDB::Table").items()
                 if props(table)["TableName"] == f"{synth.stage.table_prefix}{suffix}"]
    return logical


def role_of(synth: Any, capability: str) -> str:
    for resource in resources(synth.api, "AWS::Lambda::Function").values():
        variables = props(resource).get("Environment", {}).get("Variables", {})
        if variables.get("CAPABILITY") == capability:
            [role] = referenced(props(resource)["Role"], {})
            return role
    for resource in resources(synth.api, "AWS::Serverless::Function").values():
        if props(resource)["Handler"].startswith(f"chalicelib.handlers.{capability}."):
            [role] = referenced(props(resource)["Role"], {})
            return role
    raise AssertionError(f"no function for {capability}")


def statements_on(synth: Any, role: str, table: str) -> list[dict[str, Any]]:
    """The role's Allow statements whose resources include the table (or everything)."""
    exported = exports(synth.data)
    found = []
    for policy in resources(synth.api, "AWS::IAM::Policy").values():
        if role not in referenced(props(policy)["Roles"], {}):
            continue
        for statement in as_list(props(policy)["PolicyDocument"]["Statement"]):
            resources_ = as_list(statement["Resource"])
            if statement["Effect"] == "Allow" and (
                    "*" in resources_ or table in referenced(resources_, exported)):
                found.append(statement)
    return found


def unconditional_actions(statements: list[dict[str, Any]]) -> set[str]:
    return {action for statement in statements if "Condition" not in statement
            for action in as_list(statement["Action"])}
