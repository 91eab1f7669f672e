"""The Spanish e-mails of the administration flows (no passwords, codes or secrets)."""

from __future__ import annotations

from chalicelib.domain.shared.emails import Email, compose

_ROLE_NAMES = {"operator": "operador de crédito", "admin": "administrador",
               "super_admin": "superadministrador", "member": "socio"}
_OFFICE = "Si no esperabas este cambio, comunícate con la oficina de la cooperativa."


def role_name(role: str) -> str:
    return _ROLE_NAMES.get(role, role)


def _hello(first_name: str) -> str:
    return f"Hola, {first_name}:"


def invitation(to: str, first_name: str, role: str, link: str, hours: int) -> Email:
    return compose(to, "Tu cuenta de personal en la plataforma de socios", _hello(first_name),
                   "Un administrador creó tu cuenta en la plataforma de atención a socios de "
                   f"COOPAC PETROPERÚ con el rol de {role_name(role)}. Para elegir tu contraseña, "
                   f"abre este enlace (válido por {hours} horas y por un solo uso):", link,
                   "Después de iniciar sesión deberás activar la autenticación en dos pasos (2FA) "
                   "con una aplicación de autenticación.",
                   "Si no esperabas esta invitación, ignora este mensaje.")


def account_unlocked(to: str, first_name: str) -> Email:
    return compose(to, "Tu cuenta fue desbloqueada", _hello(first_name),
                   "Un administrador desbloqueó tu cuenta: ya puedes volver a iniciar sesión.",
                   _OFFICE)


def totp_reset(to: str, first_name: str) -> Email:
    return compose(to, "Se restableció tu autenticación en dos pasos (2FA)", _hello(first_name),
                   "Un administrador restableció la autenticación en dos pasos de tu cuenta y "
                   "cerramos tus sesiones. La próxima vez que inicies sesión deberás configurarla "
                   "de nuevo con tu aplicación de autenticación.", _OFFICE)


def password_reset_by_admin(to: str, first_name: str, link: str, minutes: int, *,
                            second_factor: bool) -> Email:
    also = (" Como tienes activa la autenticación en dos pasos (2FA), también te pediremos el "
            "código de 6 dígitos de tu aplicación o uno de tus códigos de respaldo."
            if second_factor else "")
    return compose(to, "Restablece tu contraseña", _hello(first_name),
                   "Un administrador te envió este enlace para que elijas una nueva contraseña "
                   f"(válido por {minutes} minutos y por un solo uso):{also}", link, _OFFICE)


def access_changed(to: str, first_name: str, role: str, active: bool) -> Email:
    state = (f"Tu rol ahora es {role_name(role)}." if active
             else "Tu cuenta fue desactivada y cerramos todas tus sesiones.")
    return compose(to, "Cambió el acceso de tu cuenta", _hello(first_name),
                   f"Un administrador cambió el acceso de tu cuenta. {state}", _OFFICE)


def member_email_confirmation(to: str, first_name: str, link: str, hours: int) -> Email:
    """To the new address an admin set for a member (issue 17): the member confirms it."""
    return compose(to, "Confirma tu nuevo correo electrónico", _hello(first_name),
                   "La cooperativa registró esta dirección como el nuevo correo de tu cuenta en "
                   "la plataforma de socios de COOPAC PETROPERÚ. Para confirmarla, abre este "
                   f"enlace (válido por {hours} horas y por un solo uso):", link,
                   "Hasta que la confirmes seguirás iniciando sesión con tu correo anterior. Si "
                   "no lo solicitaste, ignora este mensaje.")


def member_email_correction_notice(to: str, first_name: str, new_email_masked: str,
                                   revert_link: str) -> Email:
    """To the member's current address when an admin sets a new one."""
    return compose(to, "La cooperativa registró un nuevo correo para tu cuenta",
                   _hello(first_name),
                   f"Un administrador de la cooperativa registró {new_email_masked} como el nuevo "
                   "correo de tu cuenta. El cambio se aplicará solo cuando se confirme desde esa "
                   "dirección.",
                   "Si no lo pediste, haz clic aquí para deshacerlo (enlace válido por 7 días): "
                   "cerraremos todas las sesiones de tu cuenta y te pediremos una nueva "
                   "contraseña.", revert_link)
