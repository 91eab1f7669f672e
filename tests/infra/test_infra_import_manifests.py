"""The import manifests (issue 19, docs/imports.md "Writing only what changed"): the import worker
may write the imports bucket only under ``import-manifests/`` (never an upload's key), and the
store writes its manifests exactly there."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.store.imports import manifests
from tests.infra.cfn import as_list, exports, referenced, resources, role_of, statements_on


def test_the_import_worker_may_write_the_imports_bucket_only_under_its_manifests(
        synth: Any) -> None:
    from stacks.access import IMPORT_MANIFESTS

    [bucket] = [name for name in resources(synth.data, "AWS::S3::Bucket")
                if name.startswith("ImportsBucket")]
    statements = statements_on(synth, role_of(synth, "import_worker"), bucket)
    writes = [s for s in statements
              if any(action.lower().startswith(("s3:put", "s3:delete"))
                     for action in as_list(s["Action"]))]
    assert writes, "the worker cannot write its manifests"
    for statement in writes:
        assert not any(action.lower().startswith("s3:delete")
                       for action in as_list(statement["Action"]))
        on_imports = [resource for resource in as_list(statement["Resource"])
                      if bucket in referenced([resource], exports(synth.data))]
        assert on_imports, statement
        for resource in on_imports:  # (CDK merges the reports bucket's archives/ in here)
            assert json.dumps(resource).endswith(f'"/{IMPORT_MANIFESTS}*"]]}}'), resource


def test_the_manifests_live_where_the_worker_may_write(synth: Any) -> None:
    from stacks.access import CAPABILITY_ACCESS, IMPORT_MANIFESTS

    assert manifests.PREFIX == IMPORT_MANIFESTS
    assert manifests.key("coopac-dev-member_products@1", "savings").startswith(IMPORT_MANIFESTS)
    worker = CAPABILITY_ACCESS["import_worker"]
    assert ("imports", IMPORT_MANIFESTS) in worker.write_bucket_prefixes
    assert not manifests.PREFIX.startswith("imports/"), "writing one would notify the worker"
