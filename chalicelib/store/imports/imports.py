"""Import runs of the core system's CSV files."""

from __future__ import annotations

from collections.abc import Callable

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.store.shared.models import ImportModel

_CONDITION_FAILED = "ConditionalCheckFailedException"


def get(import_id: str) -> ImportModel | None:
    """Key condition: ``import_id = :id`` (consistent: the claim just written is read)."""
    try:
        return ImportModel.get(import_id, consistent_read=True)
    except DoesNotExist:
        return None


def save(run: ImportModel) -> None:
    run.save()


def claim(import_id: str, upload: str, new_run: Callable[[], ImportModel]
          ) -> tuple[ImportModel, bool]:
    """Mark the run ``processing`` for ``upload`` (the object's version id or ETag) only if it
    is ``pending`` (no file yet) or already ``processing`` that same upload (SQS handing its
    message out again after a worker died). A run nobody started (the core system's own
    upload) is created so. Returns the run as stored and whether this call holds it."""
    run = get(import_id)
    if run is None:
        run = new_run()
        run.status, run.object_claim = "processing", upload
        try:
            run.save(condition=ImportModel.import_id.does_not_exist())
            return run, True
        except PutError as error:
            if error.cause_response_code != _CONDITION_FAILED:
                raise
            run.refresh(consistent_read=True)  # another worker created it meanwhile
    try:
        run.update(actions=[ImportModel.status.set("processing"),
                            ImportModel.object_claim.set(upload)],
                   condition=(ImportModel.status == "pending")
                   | ((ImportModel.status == "processing")
                      & (ImportModel.object_claim == upload)))
    except UpdateError as error:
        if error.cause_response_code != _CONDITION_FAILED:
            raise
        run.refresh(consistent_read=True)
        return run, False
    return run, True
