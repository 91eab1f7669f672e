"""Office registration codes (issue 14, finding 1): for a member with no e-mail on file, staff
check the member's identity in person and issue a single-use code; registration then takes DNI +
birth date + code and mails the link to the login e-mail typed.

Only the code's hash is stored (``store.auth.registration_codes``); the code is shown once, in the
staff member's answer. A new code for a DNI supersedes the previous one.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.auth import registration as rules
from chalicelib.domain.auth.registration_requests import (
    NOT_AN_ACTIVE_MEMBER,
    RegistrationCodeRequest,
)
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import registration_codes, registry


def issue(principal: Principal, request: RegistrationCodeRequest,
          context: RequestContext) -> dict[str, Any]:
    """201 ``{dni, code, expires_at}`` for an active registry member's DNI (``request`` as the
    handler parsed it); 400 otherwise (staff may learn who is a member: it is their job).
    Audited with who issued it for which DNI."""
    dni = request.dni
    member = registry.get(dni)
    if member is None or member.status != "active":
        audit.record(action="registration.code_issued", outcome="failure", context=context,
                     actor_id=principal.user_id, role=principal.role.value,
                     target=f"dni:{dni}", details={"reason": "not_an_active_member"})
        raise InvalidInput(NOT_AN_ACTIVE_MEMBER, code="not_an_active_member",
                           fields={"dni": NOT_AN_ACTIVE_MEMBER})
    now = clock.utc_now()
    code, expires_at = rules.new_code(), now + rules.CODE_LIFETIME
    registration_codes.put(dni, rules.code_hash(dni, code), principal.user_id,
                           clock.iso_instant(now), expires_at)
    audit.record(action="registration.code_issued", outcome="success", context=context,
                 actor_id=principal.user_id, role=principal.role.value, target=f"dni:{dni}",
                 details={"expires_at": clock.iso_instant(expires_at)})
    return {"dni": dni, "code": rules.shown_code(code), "expires_at": clock.iso_instant(expires_at),
            "member_name": f"{member.first_name} {member.last_name}"}


def is_live(dni: str, code_hash: str) -> bool:
    """Whether ``code_hash`` is the DNI's live (unexpired, unsuperseded, unused) code."""
    live = registration_codes.live_hash(dni, clock.utc_now())
    return live is not None and rules.same_hash(live, code_hash)


def spend(dni: str, code_hash: str) -> bool:
    """Use the code up; True for exactly one registration."""
    return registration_codes.spend(dni, code_hash, clock.utc_now())
