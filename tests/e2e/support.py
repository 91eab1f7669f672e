"""Helpers of the browser tests: the local stack handle, what a page reported, a stubbed
session answer (docs/design/API.md's shape) and axe-core's accessibility check."""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyotp
from playwright.sync_api import Browser, BrowserContext, Page, expect

from chalicelib.domain.accounts.alert_preferences import preferences_view

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "static-site" / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class LocalStack:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    moto_url: str = ""
    """The stack's AWS endpoint (moto), for a test that must put demo data back as it was."""

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        """Call the API directly (no browser): returns (status, parsed JSON or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (local URL)
            f"{self.url}{path}", data=data, method=method,
            headers={"Content-Type": "application/json", "X-Requested-With": "fetch"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                raw = response.read()
                return int(response.status), json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                return int(error.code), json.loads(raw) if raw else None
            except json.JSONDecodeError:
                return int(error.code), None


@dataclass
class PageProblems:
    """What the page reported: console errors, uncaught exceptions and CSP violations."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    expected_failures: list[str] = field(default_factory=list)
    page: Page | None = None

    def collect_csp_violations(self) -> None:
        """Read the violations the page's listener saw (see conftest ``_CSP_LISTENER``)."""
        if self.page is None or self.page.is_closed():
            return
        seen = self.page.evaluate("window.__cspViolations || []")
        self.csp_violations.extend(v for v in seen if v not in self.csp_violations)

    def unexpected(self) -> list[str]:
        self.collect_csp_violations()
        return self.console_errors + self.page_errors + self.csp_violations


# ── A stubbed session, for the app shell's behaviour independent of the backend's data ─────────

MENUS = {
    "member": ["inicio", "aportes", "ahorros", "plazo_fijo", "movimientos", "prestamos",
               "beneficio_familiar", "cts", "simulacion", "buzon", "configuracion"],
    "operator": ["inicio", "mensajes", "solicitudes", "beneficiarios", "codigos_registro",
                 "reclamaciones", "configuracion"],
    "admin": ["inicio", "mensajes", "solicitudes", "beneficiarios", "codigos_registro",
              "reclamaciones", "configuracion", "usuarios", "importaciones", "productos",
              "auditoria", "reparto", "feriados", "contenido_publico", "terminos_condiciones"],
}
MENUS["super_admin"] = MENUS["admin"]


def a_session(role: str = "member", *, totp_enabled: bool = False, totp_required: bool = False,
              first_name: str = "María Elena", last_name: str = "Quispe Rojas") -> dict[str, Any]:
    """A GET /api/auth/session answer as docs/design/API.md describes it."""
    return {
        "user": {"id": f"u-{role}", "first_name": first_name, "last_name": last_name,
                 "dni": "40000001" if role == "member" else None,
                 "email": f"{role}@demo.coopac.pe", "role": role, "totp_enabled": totp_enabled,
                 "totp_required": totp_required},
        "menu": MENUS[role],
        "expires_at": "2099-01-01T00:00:00Z",
    }


_NO_MONEY = {"PEN": "0.00", "USD": "0.00"}
# The money screens' answers for a member without products (docs/design/API.md `accounts`).
EMPTY_ACCOUNTS: dict[str, Any] = {
    "dashboard": {"as_of": None, "totals": dict.fromkeys(
        ("contributions", "savings_pen", "savings_usd", "fixed_deposits_pen", "fixed_deposits_usd",
         "cts_pen", "cts_usd", "loans_balance", "loans_balance_usd"), "0.00"),
        "evolution": [], "recent_movements": [], "loans": [], "family_benefit": None},
    "contributions": {"currency": "PEN", "balance": "0.00", "monthly_fee": "0.00", "account": None,
                      "movements": [], "history": []},
    "savings": {"items": [], "totals": _NO_MONEY},
    "fixed-deposits": {"items": [], "totals": _NO_MONEY},
    "movements": {"items": [], "next_cursor": None},
    "loans": {"summary": {"count": 0, "balance": "0.00", "original_amount": "0.00",
                          "balance_usd": "0.00", "original_amount_usd": "0.00", "by_product": []},
              "items": []},
    "family-benefit": {"enrolled": False, "monthly_fee": None, "annual_payment": None,
                       "pending_installments": None, "status": None, "holder_death_amount": None,
                       "beneficiary_death_amount": None, "beneficiaries": []},
    "cts": {"items": [], "totals": _NO_MONEY, "available_totals": _NO_MONEY, "movements": []},
}


class StubbedSession:
    """Answers /api/auth/session and /api/auth/logout in the browser (Playwright routing), the
    profile, session list, backup-code count, alert preferences and «Mis datos» archives that
    Configuración reads for the signed-in user, the money screens' /api/accounts/* as for a
    member without products, and an empty buzón list."""

    def __init__(self, page: Page, session: dict[str, Any]) -> None:
        self.session: dict[str, Any] | None = session
        self.logout_calls: list[dict[str, str]] = []
        page.route("**/api/auth/session", self._session)
        page.route("**/api/auth/logout", self._logout)
        page.route("**/api/auth/profile", self._profile)
        page.route("**/api/auth/sessions", self._sessions)
        page.route("**/api/accounts/**", self._accounts)
        page.route("**/api/tickets?*", self._tickets)
        page.route("**/api/auth/totp/backup-codes", self._backup_codes)
        page.route("**/api/auth/alerts", self._alerts)
        page.route("**/api/reports/data-archives", self._data_archives)

    def _alerts(self, route: Any) -> None:
        """«Alertas por correo»: every alert the role has, on (GET; a PUT goes on)."""
        if self.session is None:
            self._not_signed_in(route)
        elif route.request.method != "GET":
            route.fallback()
        else:
            member = self.session["user"]["role"] == "member"
            route.fulfill(status=200, json=preferences_view(None, member))

    def _data_archives(self, route: Any) -> None:
        """«Mis datos»: no archive asked for yet (GET; a POST goes on)."""
        if self.session is None:
            self._not_signed_in(route)
        elif route.request.method != "GET":
            route.fallback()
        else:
            route.fulfill(status=200, json={"items": []})

    def _backup_codes(self, route: Any) -> None:
        """The 2FA card's count of backup codes left (GET; a POST goes on to the test's route)."""
        if self.session is None:
            self._not_signed_in(route)
        elif route.request.method != "GET":
            route.fallback()
        else:
            route.fulfill(status=200, json={"remaining": 10})

    def _session(self, route: Any) -> None:
        if self.session is None:
            route.fulfill(status=401, json={"error": {
                "code": "not_authenticated", "message": "Debes iniciar sesión para continuar."}})
        else:
            route.fulfill(status=200, json=self.session)

    def _not_signed_in(self, route: Any) -> None:
        route.fulfill(status=401, json={"error": {
            "code": "not_authenticated", "message": "Debes iniciar sesión para continuar."}})

    def _profile(self, route: Any) -> None:
        if self.session is None:
            self._not_signed_in(route)
        elif route.request.method != "GET":
            route.fallback()
        else:
            route.fulfill(status=200, json={**self.session["user"], "pending_email": None,
                                            "terms_version": "1.0",
                                            "terms_accepted_at": "2026-01-05T15:00:00Z",
                                            "last_login_at": None, "created_at": None})

    def _sessions(self, route: Any) -> None:
        if self.session is None:
            self._not_signed_in(route)
            return
        route.fulfill(status=200, json={"items": [{
            "id": "sesion-actual", "created_at": "2026-04-01T13:00:00Z",
            "last_seen_at": "2026-04-01T13:05:00Z", "expires_at": "2026-04-02T01:00:00Z",
            "ip": "127.0.0.1", "user_agent": "-", "remember": False, "current": True}],
            "next_cursor": None})

    def _accounts(self, route: Any) -> None:
        if self.session is None:
            self._not_signed_in(route)
            return
        name = route.request.url.split("/api/accounts/", 1)[1].split("?", 1)[0]
        if name in EMPTY_ACCOUNTS:
            route.fulfill(status=200, json=EMPTY_ACCOUNTS[name])
        else:
            route.fulfill(status=404, json={"error": {
                "code": "not_found", "message": "El producto solicitado no existe."}})

    def _tickets(self, route: Any) -> None:
        """The member's buzón list (Inicio asks whether an answer is unread): empty."""
        if self.session is None:
            self._not_signed_in(route)
        elif route.request.method != "GET":
            route.fallback()
        else:
            route.fulfill(status=200, json={"items": [], "next_cursor": None})

    def _logout(self, route: Any) -> None:
        self.logout_calls.append(dict(route.request.headers))
        self.session = None
        route.fulfill(status=204, body="")


def axe_violations(page: Page) -> list[str]:
    """WCAG 2.x A/AA violations (serious or critical) found by axe-core on the current page."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            f"{[node['target'] for node in v['nodes']][:3]}"
            for v in result["violations"] if v.get("impact") in ("serious", "critical")]


# --- the demo logins (README.md) and signing in ------------------------------------------------

MEMBER = ("socio@demo.coopac.pe", "Socio-Demo-2026")
OPERATOR = ("operador@demo.coopac.pe", "Operador-Demo-2026", "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX")
ADMIN = ("admin@demo.coopac.pe", "Admin-Demo-2026", "WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7")
OPERATOR2 = ("operador2@demo.coopac.pe", "Operador-Demo-2026", "2O6KIRA3TIP4RDYX22YJW73M3RU2V4B6")
STEP_SECONDS = 30


def demo_user_id(email: str) -> str:
    """dev/seed.py: the demo users' ids are uuid5(DNS, e-mail)."""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, email))


def registry_birth_date(dni: int) -> str:
    """The registry's members without an account, DNI 40000100-40000199 (README.md), were born
    1990-01-01 plus (DNI − 40000100) days."""
    return (date(1990, 1, 1) + timedelta(days=dni - 40000100)).isoformat()


REGISTRATION_ACCEPTED = ("Si los datos coinciden, enviaremos las instrucciones al correo "
                         "registrado en la cooperativa.")
"""Registration's one answer, whatever the data (issue 14)."""


def fill_registration(page: Page, dni: int, email: str, password: str, code: str = "") -> None:
    """«Crear cuenta» with the registry's birth date of ``dni``, up to the one answer."""
    page.goto("/registro")
    page.get_by_label("DNI").fill(str(dni))
    page.get_by_label("Fecha de nacimiento").fill(registry_birth_date(dni))
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_label("Confirmar contraseña").fill(password)
    if code:
        page.get_by_label("Código de registro (si te lo dio la oficina)").fill(code)
    page.get_by_label("Acepto los términos y condiciones de uso").check()
    page.get_by_role("button", name="Registrarme").click()
    expect(page.get_by_text(REGISTRATION_ACCEPTED)).to_be_visible()


def submit_login(page: Page, email: str, password: str) -> None:
    """Fill and send the login form the page already shows."""
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Acceder").click()


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    submit_login(page, email, password)


def sign_in_with_totp(page: Page, email: str, password: str, secret: str) -> None:
    """Password, then the 6-digit code. A code is accepted once per user and step: when another
    test of the session already spent this step's code, wait for the next step and retry."""
    sign_in(page, email, password)
    totp = pyotp.TOTP(secret)
    code_field = page.get_by_label("Código de verificación")
    for _ in range(3):
        code_field.fill(totp.now())
        page.get_by_role("button", name="Verificar código").click()
        try:
            page.wait_for_url(re.compile(r"^(?!.*/login).*$"), timeout=4_000)
            return
        except Exception:  # noqa: BLE001 (refused code: the step was used)
            time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.5)
    raise AssertionError(f"{email}: el código TOTP no fue aceptado")


def keep_backup_codes(page: Page) -> list[str]:
    """After «Confirmar 2FA»: read the ten backup codes shown once, tick «Guardé mis códigos»
    and «Continuar» to the redrawn Configuración."""
    expect(page.get_by_role("heading", name="Tus códigos de respaldo")).to_be_visible()
    codes = page.locator(".backup-codes-list code").all_inner_texts()
    page.get_by_label("Guardé mis códigos").check()
    page.get_by_role("button", name="Continuar").click()
    return codes


def mails_to(stack: LocalStack, to: str, needle: str,
             timeout: float = 10.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        _, outbox = stack.api("GET", "/dev/outbox")
        found = [mail for mail in (outbox or {}).get("items", [])
                 if to in str(mail.get("to"))
                 and needle in f"{mail.get('text') or ''}\n{mail.get('html') or ''}"]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def emailed_link(stack: LocalStack, to: str, path: str, timeout: float = 10.0) -> str:
    """The newest ``path?token=…`` link in the e-mails sent to ``to``, as a same-site path."""
    pattern = re.compile(rf"https?://[^/\s\"'<>]+({re.escape(path)}\?token=[^\s\"'<>]+)")
    for mail in reversed(mails_to(stack, to, f"{path}?token=", timeout)):
        found = pattern.search(f"{mail.get('text') or ''}\n{mail.get('html') or ''}")
        if found:
            return found.group(1)
    raise AssertionError(f"ningún correo a {to} con un enlace {path}")


IPHONE_USER_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                     "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
"""For ``browser.new_context(user_agent=...)``: a «new browser» whose alert names it as below."""
IPHONE_DEVICE = "Safari en iOS 17 (Apple iPhone)"


def sign_in_alert_link(stack: LocalStack, to: str, device: str = "",
                       timeout: float = 10.0) -> str:
    """The «Cierra esa sesión» link (``/cerrar-sesion?token=…``, as a same-site path) of the
    newest «nuevo inicio de sesión» e-mail to ``to``, among those naming ``device`` (e.g.
    «Safari en iOS 17 (Apple iPhone)» for a context opened with an iPhone's User-Agent)."""
    pattern = re.compile(r"https?://[^/\s\"'<>]+(/cerrar-sesion\?token=[^\s\"'<>]+)")
    for mail in reversed(mails_to(stack, to, device or "/cerrar-sesion?token=", timeout)):
        found = pattern.search(mail.get("text") or "")
        if found:
            return found.group(1)
    raise AssertionError(f"ningún aviso de nuevo inicio de sesión a {to} desde «{device}»")


# ── Shared by several screens' tests ─────────────────────────────────────────────────────────

SCREENS = {
    "/inicio": "Inicio",
    "/ahorros": "Ahorros",
    "/prestamos": "Préstamos",
    "/beneficio-familiar": "Beneficio Familiar",
    "/aportes": "Aportes",
    "/cts": "CTS",
    "/plazo-fijo": "Cuentas a Plazo Fijo",
    "/movimientos": "Últimos Movimientos",
}


def open_screen(page: Page, path: str) -> None:
    """Open the screen's deep link and wait until the data replaced the skeleton."""
    page.goto(path)
    expect(page).to_have_title(f"{SCREENS[path]} · COOPAC PETROPERÚ")
    expect(page.locator(".money-screen")).to_be_visible()
    expect(page.locator(".money-screen .skeleton-wrap")).to_have_count(0)
    expect(page.locator(".money-screen .notice-error")).to_have_count(0)


EXPECTED_MISSING = "/api/admin/users"
"""A route the staff shell probes that a test stack may lack; its 404 is not a page error."""


def staff_context(browser: Browser, stack: LocalStack, *, bypass_csp: bool = False
                  ) -> tuple[BrowserContext, Page, list[str]]:
    """A fresh desktop context and the errors its page reports (except the expected probe)."""
    context = browser.new_context(base_url=stack.url, locale="es-PE", timezone_id="America/Lima",
                                  viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and (
                EXPECTED_MISSING in url
                or (url.endswith("/api/auth/session") and "401" in message.text)
                or (url.endswith("/api/auth/login/totp") and "401" in message.text)):
            # the probe of a missing route; the session probe before signing in; a TOTP code
            # another test already spent (sign_in_with_totp waits for the next step)
            return
        errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


TAP_TARGET_PX = 44 - 1 / 64
"""44 px, the smallest tap target, within Chromium's layout unit (1/64 px): a box laid out in a
row with fractional positions can measure 43.99999 px."""

LAPTOP = {"width": 1366, "height": 850}
TABLES_FIT = """() => [...document.querySelectorAll('.table-wrap')]
    .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
    .map((wrap) => `${wrap.getAttribute('aria-label')}: ${wrap.scrollWidth}`
        + ` > ${wrap.clientWidth}`)"""
"""Staff tables fit a 1366 px laptop: no column (the actions least of all) is cut at the card's
edge or hidden behind a sideways scroll."""


NOTHING_COVERS = """() => {
  if (document.querySelector('dialog[open], .sidebar.is-open')) return [];
  const problems = [];
  for (const el of document.querySelectorAll('.money, .field-error, .notice-error, h1, h2, h3')) {
    const r = el.getBoundingClientRect();
    const x = r.x + r.width / 2;
    const y = r.y + r.height / 2;
    if (!r.width || !r.height || x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (!hit || el.contains(hit) || hit.closest('.topbar')) continue;
    const row = el.closest('tr');
    if (row && hit.matches('a') && row.contains(hit)) continue;
    problems.push(`«${el.textContent.trim().slice(0, 40)}» bajo <${hit.tagName.toLowerCase()}`
      + ` class="${hit.className}">`);
  }
  return problems;
}"""
"""Nothing covers the centre of an amount, an error or a heading in view: no floating button or
banner over content. The phone's sticky top bar over scrolled content and a list row's own
link (the whole row is the link) are not covering; an open dialog or drawer is skipped."""
