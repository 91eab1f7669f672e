"""Domain exceptions. Each carries the API's stable ``error.code`` and a Spanish message.

The HTTP edge (``chalicelib.handlers.http``) maps each class to one status code; nothing below
the handlers knows about HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    message = "No se pudo completar la operación."

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 fields: dict[str, str] | None = None) -> None:
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.fields = dict(fields or {})
        super().__init__(self.message)


class InvalidInput(DomainError):
    code = "invalid_input"
    message = "Los datos enviados no son válidos."


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"
    message = "El contenido debe enviarse como JSON (Content-Type: application/json)."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    message = "Debes iniciar sesión para continuar."


class Forbidden(DomainError):
    code = "forbidden"
    message = "No tienes permiso para realizar esta acción."


class NotFound(DomainError):
    code = "not_found"
    message = "El recurso solicitado no existe."


class Conflict(DomainError):
    code = "conflict"
    message = "La operación entra en conflicto con el estado actual."


class _Retryable(DomainError):
    def __init__(self, message: str | None = None, *, retry_after_seconds: int,
                 code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after_seconds = max(1, int(retry_after_seconds))


class AccountLocked(_Retryable):
    code = "account_locked"
    message = "Tu cuenta está bloqueada temporalmente por intentos fallidos. Inténtalo más tarde."


class Throttled(_Retryable):
    code = "throttled"
    message = "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo."
