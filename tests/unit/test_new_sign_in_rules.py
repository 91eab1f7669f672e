"""The new sign-in alert's rules: the device a User-Agent names, the known/unknown decision,
the browser cookie's id and the e-mail's time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.auth import emails
from chalicelib.domain.auth.new_sign_in import (
    UNKNOWN_DEVICE,
    describe_device,
    is_browser_id,
    should_alert,
    sign_in_time_label,
)
from chalicelib.domain.shared.tokens import new_token

WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Safari/537.36")
IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")
MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
              "like Gecko) Version/17.5 Safari/605.1.15")
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
WINDOWS_EDGE = WINDOWS_CHROME + " Edg/131.0.0.0"
HEADLESS_LINUX = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "HeadlessChrome/131.0.0.0 Safari/537.36")


@pytest.mark.parametrize(("user_agent", "device"), [
    (WINDOWS_CHROME, "Chrome en Windows"),
    (IPHONE_SAFARI, "Safari en iOS 17 (Apple iPhone)"),
    (ANDROID_CHROME, "Chrome en Android 14 (Samsung SM-A546E)"),
    (MAC_SAFARI, "Safari en macOS"),
    (WINDOWS_FIREFOX, "Firefox en Windows"),
    (WINDOWS_EDGE, "Edge en Windows"),
    (HEADLESS_LINUX, "Chrome en Linux"),
])
def test_the_device_is_the_browser_and_system_the_user_agent_names(user_agent, device):
    assert describe_device(user_agent) == device


@pytest.mark.parametrize("user_agent", ["", "-", "Testing/1.0", "x" * 5000])
def test_a_user_agent_that_names_no_browser_is_an_unidentified_one(user_agent):
    assert describe_device(user_agent) == UNKNOWN_DEVICE


def test_a_program_that_names_itself_is_described_by_its_name():
    assert describe_device("curl/8.5.0") == "curl"


@pytest.mark.parametrize(("seen", "first", "wants", "alert"), [
    (False, False, True, True),
    (True, False, True, False),
    (False, True, True, False),
    (False, False, False, False),
    (True, True, False, False),
])
def test_only_an_unseen_browser_of_an_account_that_signed_in_before_and_wants_it_alerts(
        seen, first, wants, alert):
    assert should_alert(seen_recently=seen, first_sign_in=first, wants_it=wants) is alert


def test_only_an_id_shaped_like_ours_is_a_browser_id():
    assert is_browser_id(new_token())
    assert not is_browser_id(None)
    assert not is_browser_id("")
    assert not is_browser_id("corto")
    assert not is_browser_id("a" * 129)
    assert not is_browser_id("a" * 40 + ";b")


def test_the_time_is_lima_s_day_and_minute():
    assert sign_in_time_label(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "01/01/2026 22:04"


def test_the_alert_e_mail_says_when_from_what_and_how_to_end_it():
    mail = emails.new_sign_in("ana@example.pe", "Ana", "01/01/2026 22:04", "Chrome en Windows",
                              "https://portal/cerrar-sesion?token=abc", 24)
    assert mail.subject == "Nuevo inicio de sesión en tu cuenta"
    for text in ("Hola, Ana:", "01/01/2026 22:04", "Chrome en Windows", "¿No fuiste tú?",
                 "https://portal/cerrar-sesion?token=abc", "24 horas", "cambia tu contraseña",
                 "Configuración"):
        assert text in mail.text
