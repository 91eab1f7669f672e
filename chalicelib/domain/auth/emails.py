"""The Spanish e-mails of the identity flows. None of them carries a password, code or secret;
the links carry single-use tokens that only work once and expire."""

from __future__ import annotations

from chalicelib.domain.shared.emails import Email, compose

SUPPORT = ("Si no reconoces esta actividad, cambia tu contraseña de inmediato y comunícate con la "
           "oficina de la cooperativa.")


def _hello(first_name: str) -> str:
    return f"Hola, {first_name}:"


UNVERIFIED_HELLO = "Hola:"
"""The greeting of a mail to an address nobody has proven yet (registration, e-mail change):
such mails carry no text the caller typed (a name), so the cooperative's mail cannot carry a
stranger's message to any address."""


def activation(to: str, link: str) -> Email:
    return compose(to, "Activa tu cuenta de la plataforma de socios", UNVERIFIED_HELLO,
                   "Recibimos tu registro en la plataforma de atención a socios de COOPAC "
                   "PETROPERÚ. Para activar tu cuenta, abre este enlace (válido por 24 horas y "
                   "por un solo uso):", link,
                   "Si no solicitaste este registro, ignora este mensaje.")


def account_locked(to: str, first_name: str, minutes: int) -> Email:
    return compose(to, "Tu cuenta fue bloqueada temporalmente", _hello(first_name),
                   "Registramos varios intentos fallidos de inicio de sesión en tu cuenta, por lo "
                   f"que la bloqueamos durante {minutes} minutos para protegerla.",
                   "Si fuiste tú, espera ese tiempo e inténtalo de nuevo o recupera tu "
                   "contraseña con el enlace «¿Olvidaste tu contraseña?».", SUPPORT)


def totp_enabled(to: str, first_name: str) -> Email:
    return compose(to, "Activaste la autenticación en dos pasos (2FA)", _hello(first_name),
                   "La autenticación en dos pasos quedó activa en tu cuenta. Desde ahora, al "
                   "iniciar sesión te pediremos el código de 6 dígitos de tu aplicación de "
                   "autenticación.", SUPPORT)


def totp_disabled(to: str, first_name: str) -> Email:
    return compose(to, "Desactivaste la autenticación en dos pasos (2FA)", _hello(first_name),
                   "La autenticación en dos pasos fue desactivada en tu cuenta y cerramos tus "
                   "otras sesiones. Te recomendamos volver a activarla desde Configuración.",
                   SUPPORT)


def backup_code_used(to: str, first_name: str, remaining: int) -> Email:
    left = ("no te queda ninguno: genera nuevos códigos en Configuración" if remaining == 0
            else f"te quedan {remaining}")
    return compose(to, "Usaste un código de respaldo", _hello(first_name),
                   "Se usó uno de los códigos de respaldo de tu autenticación en dos pasos "
                   f"(2FA); {left}. Cada código sirve una sola vez.",
                   "Si perdiste tu aplicación de autenticación, genera nuevos códigos desde "
                   "Configuración cuando vuelvas a ingresar.", SUPPORT)


def backup_codes_regenerated(to: str, first_name: str) -> Email:
    return compose(to, "Generaste nuevos códigos de respaldo", _hello(first_name),
                   "Generaste diez nuevos códigos de respaldo para la autenticación en dos pasos "
                   "(2FA) de tu cuenta. Los códigos anteriores ya no sirven.", SUPPORT)


def password_reset_link(to: str, first_name: str, link: str, minutes: int, *,
                        second_factor: bool = False) -> Email:
    also = ("Como tienes activa la autenticación en dos pasos (2FA), al elegirla también te "
            "pediremos el código de 6 dígitos de tu aplicación de autenticación o uno de tus "
            "códigos de respaldo." if second_factor else "")
    return compose(to, "Restablece tu contraseña", _hello(first_name),
                   "Recibimos una solicitud para restablecer la contraseña de tu cuenta. Para "
                   f"elegir una nueva, abre este enlace (válido por {minutes} minutos y por un "
                   "solo uso):", link, *([also] if also else []),
                   "Si no lo solicitaste, ignora este mensaje: tu contraseña no cambiará.")


def password_reset_by_admin_only(to: str, first_name: str) -> Email:
    """Staff accounts recover only through an administrator: no link is ever mailed."""
    return compose(to, "Solicitud para restablecer tu contraseña", _hello(first_name),
                   "Recibimos una solicitud para restablecer la contraseña de tu cuenta del "
                   "personal de la cooperativa. Por seguridad, las cuentas del personal no se "
                   "recuperan por correo: pide a un administrador de la plataforma que verifique "
                   "tu identidad y restablezca tu acceso.",
                   "Si no lo solicitaste, ignora este mensaje e informa al administrador.")


def password_changed(to: str, first_name: str, *, by_reset: bool) -> Email:
    how = "restablecida" if by_reset else "cambiada"
    ended = "todas tus sesiones" if by_reset else "tus otras sesiones"
    return compose(to, "Tu contraseña fue actualizada", _hello(first_name),
                   f"La contraseña de tu cuenta fue {how} y cerramos {ended} por seguridad.",
                   SUPPORT)


def email_change_confirmation(to: str, link: str) -> Email:
    return compose(to, "Confirma tu nuevo correo electrónico", UNVERIFIED_HELLO,
                   "Solicitaste usar esta dirección de correo en la plataforma de socios de "
                   "COOPAC PETROPERÚ. Para confirmarla, abre este enlace (válido por 24 horas y "
                   "por un solo uso):", link,
                   "Hasta que la confirmes seguirás iniciando sesión con tu correo anterior. Si "
                   "no lo solicitaste, ignora este mensaje.")


def _not_me(revert_link: str) -> tuple[str, str]:
    return ("Si no fuiste tú, haz clic aquí para deshacer el cambio (enlace válido por 7 días): "
            "cerraremos todas las sesiones de tu cuenta y te pediremos una nueva contraseña.",
            revert_link)


def email_change_requested_notice(to: str, first_name: str, new_email_masked: str,
                                  revert_link: str) -> Email:
    """To the old (current) address when a new one is asked for."""
    return compose(to, "Se solicitó cambiar tu correo electrónico", _hello(first_name),
                   f"Se solicitó cambiar el correo de tu cuenta a {new_email_masked}. El cambio "
                   "se aplicará cuando se confirme desde esa dirección.", *_not_me(revert_link))


def email_changed_notice(to: str, first_name: str, new_email_masked: str,
                         revert_link: str | None = None) -> Email:
    undo = _not_me(revert_link) if revert_link else (SUPPORT,)
    return compose(to, "Tu correo electrónico fue cambiado", _hello(first_name),
                   f"El correo de tu cuenta ahora es {new_email_masked}. Desde ahora inicia "
                   "sesión con esa dirección.", *undo)


def email_change_reverted(to: str, first_name: str, reset_link: str, minutes: int) -> Email:
    """After «no fui yo»: the account is back on this address and needs a new password."""
    return compose(to, "Deshicimos el cambio de tu correo electrónico", _hello(first_name),
                   "Deshicimos el cambio del correo de tu cuenta: inicias sesión otra vez con "
                   "esta dirección. Cerramos todas las sesiones y, por seguridad, tu contraseña "
                   "anterior ya no sirve. Elige una nueva con este enlace (válido por "
                   f"{minutes} minutos y por un solo uso):", reset_link,
                   "Si el enlace vence, usa «¿Olvidaste tu contraseña?» en la página de inicio "
                   "de sesión.", SUPPORT)


# --- registration: mails to the e-mail on file (the registry's names, never the caller's text) -


def registration_activation(to: str, first_name: str, link: str,
                            requested_login_masked: str | None) -> Email:
    """To the e-mail on file. When another login e-mail was asked, the member sees it (masked)
    and that it will be used only once confirmed from its own mailbox."""
    requested = (f"En el registro se pidió iniciar sesión con {requested_login_masked}: tras la "
                 "activación te enviaremos a esa dirección un enlace para confirmarla; hasta "
                 "entonces inicia sesión con este correo." if requested_login_masked
                 else "Iniciarás sesión con este correo.")
    return compose(to, "Activa tu cuenta de la plataforma de socios", _hello(first_name),
                   "Recibimos un registro con tu DNI en la plataforma de atención a socios de "
                   "COOPAC PETROPERÚ. Para activar tu cuenta, abre este enlace (válido por 24 "
                   "horas y por un solo uso):", link, requested,
                   "Si no fuiste tú, no abras el enlace: la cuenta no se activará. " + SUPPORT)


def registration_already_registered(to: str, first_name: str) -> Email:
    return compose(to, "Intento de registro con tu DNI", _hello(first_name),
                   "Alguien intentó registrarse en la plataforma de socios con tu DNI, pero ya "
                   "tienes una cuenta: no se creó otra. Si fuiste tú, inicia sesión o recupera tu "
                   "contraseña con «¿Olvidaste tu contraseña?».",
                   "Si no fuiste tú, no necesitas hacer nada. " + SUPPORT)


def registration_paused(to: str, first_name: str, hours: int) -> Email:
    return compose(to, "Pausamos el registro con tu DNI", _hello(first_name),
                   "Registramos varios intentos de registro con tu DNI y datos que no coinciden "
                   f"con el padrón, por lo que pausamos el registro en línea durante {hours} "
                   "horas para proteger tu información.",
                   "Si fuiste tú, espera ese tiempo y revisa tu fecha de nacimiento, o acércate a "
                   "la oficina. Si no fuiste tú, no necesitas hacer nada. " + SUPPORT)


def new_sign_in(to: str, first_name: str, when: str, device: str, end_link: str,
                link_hours: int) -> Email:
    """A complete sign-in from a browser the account has not used lately (``new_sign_in``)."""
    return compose(to, "Nuevo inicio de sesión en tu cuenta", _hello(first_name),
                   f"Se inició sesión en tu cuenta desde un navegador que no habías usado "
                   f"últimamente.\nFecha y hora: {when} (hora de Lima)\n"
                   f"Dispositivo aproximado: {device}",
                   "Si fuiste tú, no necesitas hacer nada.",
                   f"¿No fuiste tú? Cierra esa sesión con este enlace (válido por {link_hours} "
                   "horas y por un solo uso; no necesitas iniciar sesión) y cambia tu contraseña "
                   "de inmediato:", end_link,
                   "Puedes desactivar este aviso en Configuración.")
