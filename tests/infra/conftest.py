"""One in-process synthesis of the production stage for every infra test (it takes seconds).

The pynamodb models read ``TABLE_PREFIX`` when first imported, so the stage's environment is set
before anything imports ``chalicelib.store.shared.models``, and put back after the session.
Chalice's
dependency layer is cached under ``infra/.build`` between runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INFRA_DIR = REPO_ROOT / "infra"
STAGE_NAME = "prod"


@dataclass(frozen=True)
class Synth:
    stage: Any
    data: dict[str, Any]
    """The stateful stack's template."""
    api: dict[str, Any]
    """The API stack's template (before the SAM transform, as CloudFormation receives it)."""
    data_assertions: Any
    api_assertions: Any
    chalice_app: Any
    """The Chalice app object that was packaged (every route)."""
    outdir: Path
    """The cloud assembly: file assets are ``asset.<S3 key>``."""

    @property
    def templates(self) -> tuple[dict[str, Any], ...]:
        return (self.data, self.api)


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    for path in (str(REPO_ROOT), str(INFRA_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    patch = pytest.MonkeyPatch()
    patch.setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION"):
        patch.delenv(name, raising=False)
    try:
        import aws_cdk as cdk
        from aws_cdk.assertions import Template
        from stacks import build
        from stages import stage_named

        stage = stage_named(STAGE_NAME)
        for name, value in stage.process_environment().items():
            patch.setenv(name, value)
        models = sys.modules.get("chalicelib.store.shared.models")
        if models is not None and not models.UserModel.Meta.table_name.startswith(
                stage.table_prefix):
            pytest.skip("chalicelib.store.shared.models was imported with another "
                        "TABLE_PREFIX in this process; run the infra tests on their own: "
                        "make infra-test")

        context = json.loads((INFRA_DIR / "cdk.json").read_text())["context"]
        outdir = tmp_path_factory.mktemp("cdk.out")
        app = cdk.App(outdir=str(outdir), context=context)
        stacks = build(app, stage)
        assembly = app.synth()
        data = assembly.get_stack_by_name(stacks.data.stack_name).template
        api = assembly.get_stack_by_name(stacks.api.stack_name).template
        yield Synth(
            stage=stage, data=data, api=api,
            data_assertions=Template.from_json(data),
            api_assertions=Template.from_json(api, skip_cyclical_dependencies_check=True),
            chalice_app=sys.modules["app"].app,
            outdir=outdir,
        )
    finally:
        patch.undo()
