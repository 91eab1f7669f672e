"""The demo cooperative (local stage only): core-system CSVs from a fixed seed.

docs/design/ARCHITECTURE.md "Demo cooperative": about 500 registry members; DNI 40000001 and
40000002 are the demo members; DNI 40000100-40000199 have no account (for trying registration) and
were born on 1990-01-01 plus (DNI - 40000100) days. Registration mails only the e-mail on file: the
demo members and DNI 40000100-40000189 have one (``socio<DNI>@demo.coopac.pe``); DNI
40000190-40000199 have none (they register with a code the office gives them)."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 20261125
REGISTRY_SIZE = 500
FIRST_DNI = 40000001
REGISTRATION_DNIS = range(40000100, 40000200)
INACTIVE_DNIS = {40000450, 40000451, 40000452}
WITHOUT_EMAIL_ON_FILE = range(40000190, 40000200)
"""Registration DNIs with no e-mail on file: they register with an office code."""

FIRST_NAMES = ("María", "José", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Carmen", "Juan",
               "Elena", "Miguel", "Lucía", "Pedro", "Sofía", "Víctor", "Patricia", "Raúl",
               "Gladys", "César", "Milagros", "Fernando", "Yolanda", "Óscar", "Brenda")
LAST_NAMES = ("Quispe", "Huamán", "Flores", "Mendoza", "Torres", "Rojas", "Chávez", "Vargas",
              "Ramírez", "Castillo", "Espinoza", "Gutiérrez", "Sánchez", "Díaz", "Paredes",
              "Núñez", "Salazar", "Cárdenas", "Zapata", "Llanos", "Ñahui", "Villanueva")


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    dni: str | None = None
    totp_secret: str | None = None


DEMO_USERS = (
    DemoUser("socio@demo.coopac.pe", "Socio-Demo-2026", "member", "María Elena",
             "Quispe Rojas", dni="40000001"),
    DemoUser("socio2@demo.coopac.pe", "Socio-Demo-2026", "member", "José Luis",
             "Mendoza Torres", dni="40000002"),
    DemoUser("operador@demo.coopac.pe", "Operador-Demo-2026", "operator", "Carlos",
             "Paredes Núñez", totp_secret="ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"),
    DemoUser("operador2@demo.coopac.pe", "Operador-Demo-2026", "operator", "Lucía",
             "Salazar Díaz", totp_secret="2O6KIRA3TIP4RDYX22YJW73M3RU2V4B6"),
    DemoUser("admin@demo.coopac.pe", "Admin-Demo-2026", "super_admin", "Patricia",
             "Villanueva Cárdenas", totp_secret="WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7"),
)


def registration_birth_date(dni: int) -> date:
    return date(1990, 1, 1) + timedelta(days=dni - REGISTRATION_DNIS.start)


def email_on_file(dni: int) -> str:
    """The contact e-mail the core system has for a registration DNI (none from 40000190)."""
    return "" if dni in WITHOUT_EMAIL_ON_FILE else f"socio{dni}@demo.coopac.pe"


def contact_on_file(dni: int, demo: DemoUser | None) -> dict[str, str]:
    if demo:
        return {"email": demo.email, "mobile": f"98765{dni % 10000:04d}"}
    if dni in REGISTRATION_DNIS:
        return {"email": email_on_file(dni), "mobile": f"9{dni}"}
    return {"email": "", "mobile": ""}


def registry_rows() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    fixed = {user.dni: user for user in DEMO_USERS if user.dni}
    rows = []
    for dni in range(FIRST_DNI, FIRST_DNI + REGISTRY_SIZE):
        first = rng.choice(FIRST_NAMES)
        last = f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        demo = fixed.get(str(dni))
        if demo:
            first, last = demo.first_name, demo.last_name
        if dni in REGISTRATION_DNIS:
            born = registration_birth_date(dni)
        rows.append({
            "dni": str(dni),
            "first_name": first,
            "last_name": last,
            "birth_date": born.isoformat(),
            "status": "inactive" if dni in INACTIVE_DNIS else "active",
            **contact_on_file(dni, demo),
        })
    return rows


def to_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def core_system_files() -> dict[str, bytes]:
    """Each import kind's CSV, in loading order: the registry, then the products (dev/
    demo_products.py) with their 24 months of movements last."""
    from chalicelib.domain.imports.kinds import IMPORT_KINDS
    from dev.demo_products import cooperative

    files = {"members": to_csv(registry_rows())}
    for kind, rows in cooperative().files().items():
        optional = [column for column in IMPORT_KINDS[kind].optional_columns
                    if any(column in row for row in rows)]  # e.g. a paid-off loan's status
        files[kind] = to_csv(rows, [*IMPORT_KINDS[kind].columns, *optional])
    return files
