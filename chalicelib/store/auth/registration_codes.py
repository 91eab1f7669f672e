"""Office registration codes, one live code per DNI, kept in ``one_time_tokens`` by hash.

The item's key is ``registration_code#<dni>`` (so issuing a new code overwrites, and thereby
supersedes, the DNI's previous one); ``payload`` holds only the code's hash and who issued it.
Spending is a delete conditional on that same payload and on the expiry: one winner per code.
"""

from __future__ import annotations

import json
from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist

from chalicelib.store.shared.models import OneTimeTokenModel

PURPOSE = "registration_code"


def item_key(dni: str) -> str:
    return f"{PURPOSE}#{dni}"


def put(dni: str, code_hash: str, issued_by: str, now: str, expires_at: datetime) -> None:
    """The DNI's new live code; the previous one, if any, stops working."""
    OneTimeTokenModel(token_hash=item_key(dni), purpose=PURPOSE, user_id=issued_by,
                      payload=json.dumps({"code_hash": code_hash}), created_at=now,
                      expires_at=expires_at).save()


def live_hash(dni: str, now: datetime) -> str | None:
    """Key condition: ``token_hash = registration_code#<dni>``; the live code's hash."""
    try:
        item = OneTimeTokenModel.get(item_key(dni), consistent_read=True)
    except DoesNotExist:
        return None
    if item.purpose != PURPOSE or item.expires_at <= now or not item.payload:
        return None
    return str(json.loads(item.payload).get("code_hash") or "") or None


def spend(dni: str, code_hash: str, now: datetime) -> bool:
    """Use the code up if it is still the DNI's live one; True for exactly one caller."""
    try:
        OneTimeTokenModel(token_hash=item_key(dni)).delete(
            condition=(OneTimeTokenModel.purpose == PURPOSE)
            & (OneTimeTokenModel.payload == json.dumps({"code_hash": code_hash}))
            & (OneTimeTokenModel.expires_at > now))
    except DeleteError:
        return False
    return True
