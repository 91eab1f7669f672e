"""The site's generated copy of the server's menus, labels and limits never drifts from them."""

from __future__ import annotations

from dev.export_site_constants import TARGET, render


def test_the_committed_site_constants_equal_a_fresh_export() -> None:
    committed = TARGET.read_text(encoding="utf-8")
    assert committed == render(), (
        "static-site/src/generated/server-constants.js is stale: run "
        "`.venv/bin/python -m dev.export_site_constants` and commit it")


def test_the_export_names_every_role_menu_and_limit_the_site_reads() -> None:
    text = render()
    for name in ("MENUS_BY_ROLE", "TICKET_SUBJECT_MAX", "TICKET_BODY_MAX", "TICKET_CATEGORIES",
                 "TICKET_STATUSES", "CREDIT_STATUSES", "CREDIT_STATUS_LABELS",
                 "CREDIT_NEEDS_OBSERVATION", "CREDIT_OBSERVATION_MAX", "PASSWORD_MIN_LENGTH",
                 "PASSWORD_MAX_LENGTH", "MAX_PAGE_SIZE"):
        assert f"export const {name} = " in text
    assert '"member": ["inicio", "aportes"' in text
    assert '"En atención"' in text  # Spanish letters written as they are, not \u escapes
