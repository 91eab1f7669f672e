from chalicelib.domain.shared.permissions import (
    PERMISSIONS,
    Role,
    is_allowed,
    is_allowed_for_session,
    menu_for,
    totp_required,
)


def test_members_read_their_accounts_but_staff_do_not():
    assert is_allowed(Role.MEMBER, "accounts.read")
    assert not is_allowed(Role.OPERATOR, "accounts.read")
    assert not is_allowed(Role.ADMIN, "accounts.read")


def test_only_admins_assign_and_administer():
    for permission in ("credit.applications.assign", "tickets.assign", "admin.users",
                       "admin.imports", "admin.audit", "credit.products.write"):
        assert is_allowed(Role.ADMIN, permission)
        assert is_allowed(Role.SUPER_ADMIN, permission)
        assert not is_allowed(Role.OPERATOR, permission)
        assert not is_allowed(Role.MEMBER, permission)


def test_an_unknown_permission_is_denied_to_everyone():
    assert not any(is_allowed(role, "no.such.permission") for role in Role)


def test_staff_without_totp_reach_only_enrolment():
    assert totp_required(Role.OPERATOR, totp_enabled=False)
    assert not totp_required(Role.MEMBER, totp_enabled=False)
    assert is_allowed_for_session(Role.OPERATOR, False, "totp.manage")
    assert is_allowed_for_session(Role.OPERATOR, False, "session.read")
    assert not is_allowed_for_session(Role.OPERATOR, False, "tickets.read")
    assert is_allowed_for_session(Role.OPERATOR, True, "tickets.read")


def test_every_permission_names_at_least_one_role():
    assert all(PERMISSIONS.values())


def test_menus_follow_the_manual():
    assert menu_for(Role.MEMBER) == ["inicio", "aportes", "ahorros", "plazo_fijo", "movimientos",
                                     "prestamos", "beneficio_familiar", "cts", "simulacion",
                                     "buzon", "configuracion"]
    assert menu_for(Role.OPERATOR) == ["inicio", "mensajes", "solicitudes", "beneficiarios",
                                      "codigos_registro", "reclamaciones", "configuracion"]
    assert menu_for(Role.SUPER_ADMIN) == menu_for(Role.ADMIN)
    assert "usuarios" in menu_for(Role.ADMIN)
