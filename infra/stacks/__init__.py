"""The portal's CDK stacks: ``build`` puts one stage's stacks into an app.

``chalicelib.store.shared.models`` must be imported after ``STAGE``/``TABLE_PREFIX`` are set for
the stage
(``Stage.process_environment``); ``infra/app.py`` does that, and so do the tests in tests/infra.
"""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk
from stages import Stage


@dataclass(frozen=True)
class StageStacks:
    data: cdk.Stack
    api: cdk.Stack


def build(app: cdk.App, stage: Stage) -> StageStacks:
    from stacks.api import ApiStack
    from stacks.stateful import StatefulStack

    env = stage.environment()
    tags = {"project": "coopac-portal", "stage": stage.name}
    data = StatefulStack(app, f"{stage.prefix}-stateful", stage=stage, env=env,
                         description=f"COOPAC portal ({stage.name}): tables, buckets, key, queues")
    api = ApiStack(app, f"{stage.prefix}-api", stage=stage, data=data, env=env,
                   description=f"COOPAC portal ({stage.name}): functions, API, CloudFront")
    for stack in (data, api):
        for key, value in tags.items():
            cdk.Tags.of(stack).add(key, value)
        # cfn-lint W3005: CDK writes a DependsOn beside the GetAtt that already implies it (a
        # function on its role, a notification on its queue); harmless noise in `make synth`.
        stack.template_options.metadata = {"cfn-lint": {"config": {"ignore_checks": ["W3005"]}}}
    return StageStacks(data=data, api=api)
