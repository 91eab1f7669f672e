"""The terms of use a member accepts when registering (manual 2.4.11 D, version 1.0, March 2026)."""

from __future__ import annotations

TERMS_VERSION = "1.0"
TERMS_UPDATED = "Marzo 2026"
TERMS_TITLE = "Términos y condiciones de uso"
TERMS_INTRO = ("Al acceder y utilizar la aplicación de la Cooperativa, el usuario acepta las "
               "siguientes condiciones:")

TERMS_CLAUSES: tuple[tuple[str, str], ...] = (
    ("Naturaleza de la cuenta",
     "La cuenta de acceso es personal, única e intransferible. El usuario es responsable de "
     "mantener la confidencialidad de sus credenciales (usuario, contraseña y cualquier método "
     "de autenticación)."),
    ("Uso autorizado",
     "La aplicación debe utilizarse exclusivamente para los fines autorizados por la "
     "Cooperativa, en el marco de la relación contractual o de socio. Queda prohibido cualquier "
     "uso no autorizado, incluyendo pero no limitado a: intentos de acceso a datos de otros "
     "usuarios, realizar operaciones no consentidas, o emplear la aplicación para actividades "
     "ilícitas."),
    ("Seguridad y buenas prácticas",
     "Se recomienda cambiar la contraseña periódicamente y activar la autenticación de dos "
     "factores (2FA) para mayor seguridad. El usuario debe cerrar sesión al finalizar cada uso, "
     "especialmente en dispositivos compartidos."),
    ("Registro y auditoría",
     "Todas las operaciones realizadas a través de la aplicación quedan registradas y podrán ser "
     "auditadas por la Cooperativa para garantizar la transparencia y seguridad del sistema."),
    ("Responsabilidad del usuario",
     "El usuario es el único responsable de cualquier actividad realizada con sus credenciales. "
     "La Cooperativa no se hace responsable por accesos no autorizados o daños derivados del "
     "incumplimiento de estas obligaciones (ej. compartir credenciales, no cerrar sesión, etc.)."),
    ("Protección de datos",
     "Los datos personales y financieros serán tratados conforme a la legislación vigente y a la "
     "Política de Privacidad de la Cooperativa."),
    ("Modificaciones y aceptación",
     "La Cooperativa se reserva el derecho de modificar estos términos en cualquier momento, "
     "notificando previamente a los usuarios. El uso continuado de la aplicación implica la "
     "aceptación de las condiciones actualizadas."),
    ("Ley aplicable",
     "Estos términos se rigen por las leyes de la República del Perú y cualquier controversia "
     "será sometida a los tribunales competentes."),
)


def terms_text() -> str:
    """The whole text as the manual prints it: intro, numbered clauses, last update line."""
    clauses = [f"{n}. {title}: {body}" for n, (title, body) in enumerate(TERMS_CLAUSES, start=1)]
    footer = f"Última actualización: {TERMS_UPDATED} Versión {TERMS_VERSION}"
    return "\n\n".join([TERMS_INTRO, *clauses, footer])
