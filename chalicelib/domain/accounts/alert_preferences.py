"""The alerts a member may receive by e-mail, and which they turned off in Configuración.

Every alert is on until the member turns it off: what is stored is the set of kinds turned off
(``UserModel.alerts_off``), so a member who never opened Configuración gets them all and a new
kind reaches everyone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput

INSTALLMENT_DUE = "installment_due"
INSTALLMENT_OVERDUE = "installment_overdue"
FIXED_DEPOSIT_MATURING = "fixed_deposit_maturing"
NEW_SIGN_IN = "new_sign_in"

ALERT_LABELS: dict[str, str] = {
    INSTALLMENT_DUE: "Cuota de préstamo por vencer",
    INSTALLMENT_OVERDUE: "Cuota de préstamo vencida",
    FIXED_DEPOSIT_MATURING: "Plazo fijo por vencer",
    NEW_SIGN_IN: "Nuevo inicio de sesión desde otro navegador",
}
"""Every kind, in the order Configuración lists them, with its Spanish label."""

ALERT_KINDS: tuple[str, ...] = tuple(ALERT_LABELS)


def wants_alert(alerts_off: Collection[str] | None, kind: str) -> bool:
    if kind not in ALERT_LABELS:
        raise ValueError(f"unknown alert kind {kind!r}")
    return kind not in (alerts_off or ())


MEMBER_ONLY_KINDS = frozenset({INSTALLMENT_DUE, INSTALLMENT_OVERDUE, FIXED_DEPOSIT_MATURING})
"""Alerts about a member's products: staff accounts have none, only the sign-in alert."""
NOT_AVAILABLE = "Esta alerta no está disponible para tu cuenta."
NOT_A_KIND = "No existe esta alerta."
NOTHING_SENT = "Indica al menos una alerta con verdadero o falso."


def kinds_for(is_member: bool) -> tuple[str, ...]:
    return tuple(kind for kind in ALERT_KINDS if is_member or kind not in MEMBER_ONLY_KINDS)


def preferences_view(alerts_off: Collection[str] | None,
                     is_member: bool) -> dict[str, list[dict[str, object]]]:
    """``{"alerts": [{kind, label, enabled}]}`` in Configuración's order."""
    return {"alerts": [{"kind": kind, "label": ALERT_LABELS[kind],
                        "enabled": wants_alert(alerts_off, kind)}
                       for kind in kinds_for(is_member)]}


def parse_alert_changes(body: Mapping[str, Any], *, is_member: bool) -> dict[str, bool]:
    """``{kind: on}`` for the kinds the body names (the others keep their state): each a
    boolean, each a kind this account has; every bad field at once."""
    problems: dict[str, str] = {}
    changes: dict[str, bool] = {}
    for name, value in body.items():
        if name not in ALERT_LABELS:
            problems[name] = NOT_A_KIND
        elif name not in kinds_for(is_member):
            problems[name] = NOT_AVAILABLE
        elif not isinstance(value, bool):
            problems[name] = "Debe ser verdadero o falso."
        else:
            changes[name] = value
    if problems:
        raise InvalidInput(fields=problems)
    if not changes:
        raise InvalidInput(NOTHING_SENT)
    return changes


def turned_off_after(alerts_off: Collection[str] | None, changes: Mapping[str, bool]) -> set[str]:
    """The set to store: what was off, minus what is turned on, plus what is turned off."""
    return ({*(alerts_off or ())} - {k for k, on in changes.items() if on}) | \
        {k for k, on in changes.items() if not on}
