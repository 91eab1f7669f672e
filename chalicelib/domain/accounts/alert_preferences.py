"""The alerts a member may receive by e-mail, and which they turned off in Configuración.

Every alert is on until the member turns it off: what is stored is the set of kinds turned off
(``UserModel.alerts_off``), so a member who never opened Configuración gets them all and a new
kind reaches everyone.
"""

from __future__ import annotations

from collections.abc import Collection

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
