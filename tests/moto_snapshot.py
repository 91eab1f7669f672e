"""The stage's AWS resources in moto, created once per test process and copied into each test.

``dev.resources.ensure_all`` makes about 120 AWS calls (25 tables with their indexes and TTLs, two
buckets, two queues with dead-letter queues, a key, a mail identity). Through botocore and moto's
request parsing that was over half of an average functional test's time, paid again by every
test. So the first test of a process creates them for real, moto's in-memory backends are then
deep-copied, and each later test, inside its own fresh ``mock_aws``, starts from copies of that
pristine state: the same tables, buckets, queues, key and identity, and nothing else. What a test
changes still goes away when its ``mock_aws`` ends, as before.

A snapshot is kept per set of resource names (tests that rename a table or a bucket through the
settings get their own). Locks and conditions inside moto's objects (an SQS queue's) are copied as
new, unheld ones.
"""

from __future__ import annotations

import copy
import copyreg
import threading
from typing import Any

from moto.core.base_backend import BackendDict

# (backend dict, account, region, frozen copy of that region's backend)
Snapshot = list[tuple[BackendDict[Any], str, str, Any]]
_SNAPSHOTS: dict[tuple[str, ...], Snapshot] = {}


def _fresh(kind: type) -> Any:
    def reduce(_held: Any) -> tuple[type, tuple[()]]:
        return kind, ()
    return reduce


for _lock_type in (type(threading.Lock()), type(threading.RLock()), threading.Condition):
    copyreg.pickle(_lock_type, _fresh(_lock_type))


def _resource_names() -> tuple[str, ...]:
    from chalicelib.settings import settings
    from chalicelib.store.shared.models import ALL_MODELS

    stage = settings()
    return (*sorted(model.Meta.table_name for model in ALL_MODELS), stage.imports_bucket,
            stage.reports_bucket, stage.notifications_queue_name, stage.imports_queue_name,
            stage.kms_key_alias, stage.mail_from, stage.site_url)


def _frozen_backends() -> Snapshot:
    """A deep copy of every moto backend in use: after ``ensure_all``, exactly what it made."""
    return [(backends, account, region, copy.deepcopy(backend))
            for backends in list(BackendDict._instances)  # type: ignore[misc]
            for account, regional in list(backends.items())
            for region, backend in list(regional.items())]


def _thaw(snapshot: Snapshot) -> None:
    for backends, account, region, frozen in snapshot:
        live = backends[account][region]
        # References inside the copy to the frozen backend itself become the live one.
        live.__dict__.update(copy.deepcopy(frozen.__dict__, {id(frozen): live}))


def ensure_pristine_resources() -> None:
    """Inside a fresh ``mock_aws``: what ``dev.resources.ensure_all`` makes, from a copy if one
    was made already in this process."""
    from dev import resources

    names = _resource_names()
    snapshot = _SNAPSHOTS.get(names)
    if snapshot is None:
        resources.ensure_all()
        _SNAPSHOTS[names] = _frozen_backends()
    else:
        _thaw(snapshot)
