"""The «nuevo inicio de sesión» alert (issue 18): a complete sign-in from a browser the account
has not used in the last ``KNOWN_BROWSER_WINDOW`` is told to the account's e-mail, with the
time, the approximate device and a link that ends that session without signing in.

A browser is recognised by a long-lived random id in its own cookie (``BROWSER_COOKIE``), set at
every complete sign-in; the store keeps only its hash per account, with the last sign-in, for
the same window. The sign-in's answer never says whether the browser was known.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from chalicelib.domain.shared.clock import LIMA

KNOWN_BROWSER_WINDOW = timedelta(days=180)
"""A browser not used to sign in to the account for this long is new again; its record (and
the cookie's Max-Age) last as long."""
END_SESSION_LINK_LIFETIME = timedelta(hours=24)
"""How long the e-mail's «Cierra esa sesión» link works (once)."""
BROWSER_COOKIE = "__Host-coopac_browser"
"""``__Host-`` like the session's: Secure, Path=/, no Domain, so no other site or subdomain can
plant an id that would silence the alert."""

_BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{32,128}")

UNKNOWN_DEVICE = "un navegador que no pudimos identificar"
SESSION_ENDED = ("Cerramos esa sesión. Si no fuiste tú quien inició sesión, cambia tu "
                 "contraseña cuanto antes: quien entró la conoce.")
SESSION_ALREADY_ENDED = ("Esa sesión ya estaba cerrada. Si no fuiste tú quien inició sesión, "
                         "cambia tu contraseña cuanto antes: quien entró la conoce.")

_BROWSER_NAMES = {"Mobile Safari": "Safari", "Chrome Mobile": "Chrome",
                  "Chrome Mobile iOS": "Chrome", "HeadlessChrome": "Chrome",
                  "Firefox Mobile": "Firefox", "Firefox iOS": "Firefox",
                  "Edge Mobile": "Edge", "Samsung Internet": "Samsung Internet"}
_OS_NAMES = {"Mac OS X": "macOS", "Windows": "Windows", "Linux": "Linux", "Ubuntu": "Linux",
             "Chrome OS": "ChromeOS"}
_VERSIONED_OS = frozenset({"iOS", "Android"})
"""Systems whose version in the User-Agent means something (Windows 11 still says 10, macOS is
frozen at 10.15)."""


def is_browser_id(value: object) -> bool:
    """Whether a cookie's value can be an id we issued (``tokens.new_token``: 43 URL-safe
    characters); anything else is treated as no id at all."""
    return isinstance(value, str) and _BROWSER_ID.fullmatch(value) is not None


def should_alert(*, seen_recently: bool, first_sign_in: bool, wants_it: bool) -> bool:
    """The account's first sign-in ever (it was just activated) has no browser to compare with;
    a member who turned the alert off in Configuración gets none."""
    return not seen_recently and not first_sign_in and wants_it


def sign_in_time_label(moment: datetime) -> str:
    """``dd/mm/yyyy HH:MM`` in Lima, as the e-mail says it."""
    return moment.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")


@lru_cache(maxsize=256)
def describe_device(user_agent: str) -> str:
    """«Chrome en Windows», «Safari en iOS 17 (iPhone)»: the browser and system a User-Agent
    claims (the client writes it, so the e-mail says «aproximado»)."""
    from ua_parser import parse  # loaded only when an alert is written

    parsed = parse(user_agent[:300]) if user_agent and user_agent != "-" else None
    if parsed is None or parsed.user_agent is None:
        return UNKNOWN_DEVICE
    browser = _BROWSER_NAMES.get(parsed.user_agent.family, parsed.user_agent.family)
    system = _system(parsed.os.family, parsed.os.major) if parsed.os else None
    model = _model(parsed.device.brand, parsed.device.model) if parsed.device else None
    text = f"{browser} en {system}" if system else browser
    return f"{text} ({model})" if model else text


def _system(family: str, major: str | None) -> str | None:
    if family == "Other":
        return None
    if family in _VERSIONED_OS and major:
        return f"{family} {major}"
    return _OS_NAMES.get(family, family)


def _model(brand: str | None, model: str | None) -> str | None:
    """A phone's model when the User-Agent names one (a computer's says nothing useful)."""
    if not model or model in ("Mac", "K", "Generic Smartphone") or brand in (None, "Generic"):
        return None
    return model if model.startswith(brand) else f"{brand} {model}"
