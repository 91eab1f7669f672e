#!/usr/bin/env python3
"""CDK entry point (``cdk.json``): ``npx cdk synth|deploy -c stage=prod`` from ``infra/``.

The stage's ``STAGE``/``TABLE_PREFIX`` go into the environment before anything imports
``chalicelib`` (the pynamodb models read their table names at import), and the repository root
goes on ``sys.path`` for ``chalicelib``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

INFRA_DIR = Path(__file__).resolve().parent
for _path in (str(INFRA_DIR.parent), str(INFRA_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)
# jsii warns on every run that Node 20 is past its end of life (see the report in README).
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk  # noqa: E402
from stacks import build  # noqa: E402
from stages import stage_from_context  # noqa: E402


def main() -> None:
    app = cdk.App()
    stage = stage_from_context(app)
    os.environ.update(stage.process_environment())
    build(app, stage)
    app.synth()


if __name__ == "__main__":
    main()
